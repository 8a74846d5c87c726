import { describe, test, expect } from 'vitest'
import { frame, frameReader } from '../../../lib/dns/frame.ts'

const msgA = Buffer.from('first message, 30 bytes long..')
const msgB = Buffer.alloc(300, 7) // length prefix 0x012c: both bytes matter

describe('DNS over TCP framing (RFC 1035 §4.2.2)', () => {
  test('frame prefixes the 2-byte big-endian length', () => {
    expect([...frame(msgB).subarray(0, 2)]).toEqual([0x01, 0x2c])
    expect(frame(msgB).subarray(2)).toEqual(msgB)
  })

  test('two messages in one chunk come out as two', () => {
    const read = frameReader()
    expect(read(Buffer.concat([frame(msgA), frame(msgB)]))).toEqual([msgA, msgB])
  })

  test('a reply cut at every possible place, the length prefix included, is reassembled', () => {
    const wire = Buffer.concat([frame(msgB), frame(msgA)])
    const want = [msgB, msgA].map((m) => m.toString('hex')).join(' ')
    const wrong: number[] = []
    for (let cut = 0; cut <= wire.length; cut++) {
      const read = frameReader()
      const out = [...read(wire.subarray(0, cut)), ...read(wire.subarray(cut))]
      if (out.map((m) => m.toString('hex')).join(' ') !== want) wrong.push(cut)
    }
    expect(wrong).toEqual([])
  })

  test('byte by byte', () => {
    const read = frameReader()
    const out: Buffer[] = []
    for (const b of frame(msgB)) out.push(...read(Buffer.from([b])))
    expect(out).toEqual([msgB])
  })

  test('a zero-length frame, its 2-byte length alone, is an empty message', () => {
    const read = frameReader()
    expect(read(frame(Buffer.alloc(0)))).toEqual([Buffer.alloc(0)])
    expect(read(frame(msgA))).toEqual([msgA])
  })

  test('nothing comes out of a partial frame', () => {
    const read = frameReader()
    expect(read(frame(msgB).subarray(0, 299))).toEqual([])
  })
})
