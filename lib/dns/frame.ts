// DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766 §8): each message has a 2-byte length prefix,
// and TCP may cut a reply anywhere, the prefix included. dns-packet's streamDecode returns null
// on a partial frame, so we reassemble ourselves.

export function frame(msg: Buffer): Buffer {
  const len = Buffer.alloc(2)
  len.writeUInt16BE(msg.length)
  return Buffer.concat([len, msg])
}

/** Feed it chunks as they arrive; it returns the whole messages completed so far. */
export function frameReader(): (chunk: Buffer) => Buffer[] {
  let buf: Buffer = Buffer.alloc(0)
  return (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
    const out: Buffer[] = []
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0)
      if (buf.length < 2 + len) break
      out.push(buf.subarray(2, 2 + len))
      buf = buf.subarray(2 + len)
    }
    return out
  }
}
