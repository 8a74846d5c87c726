// An inventory host entry: `name`, `name:port`, `[2001:db8::1]:2222`, and ranges that stand for many
// hosts, `cmp[01:20]`, `db-[a:f]`, `node[0:10:2]` (ansible/parsing/utils/addresses.py parse_address,
// ansible/plugins/inventory/__init__.py expand_hostname_range).

const RANGE_NUM = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const RANGE_HEX = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`
const RANGE_ALNUM = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const V6 = String.raw`(?:[0-9a-f]{1,4}|${RANGE_HEX})`
const V4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${RANGE_NUM})`
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${RANGE_ALNUM})(?:[\p{L}\p{N}_-]|${RANGE_ALNUM})*(?<![_-])`

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/
const IPV4 = new RegExp(String.raw`^(?:${V4}\.){3}${V4}$`, 'i')
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${V6}:){7}${V6}`,
      `(?:${V6}:){1,6}:`,
      `(?:${V6}:)(?::${V6}){1,6}`,
      `(?:${V6}:){2}(?::${V6}){1,5}`,
      `(?:${V6}:){3}(?::${V6}){1,4}`,
      `(?:${V6}:){4}(?::${V6}){1,3}`,
      `(?:${V6}:){5}(?::${V6}){1,2}`,
      `(?:${V6}:){6}(?::${V6})`,
      `:(?::${V6}){1,6}`,
      `${V6}?::`,
      `(?:0:){6}(?:${V6}\\.){3}${V6}`,
      `::(?:ffff:)?(?:${V6}\\.){3}${V6}`,
      `(?:0:){5}ffff:(?:${V6}\\.){3}${V6}`,
    ].join('|') +
    ')$',
  'i',
)
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu')

/** parse_address with ranges allowed: the host part and the port, or undefined when it is not an address. */
function parseAddress(text: string): { host: string; port?: number } | undefined {
  let address = text
  let port: number | undefined
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(address)
    if (m) {
      address = m[1] as string
      port = Number(m[2])
    }
  }
  if (!IPV4.test(address) && !IPV6.test(address) && !HOSTNAME.test(address)) return undefined
  return { host: address, ...(port !== undefined && { port }) }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** expand_hostname_range: the first [begin:end(:step)] expanded, then the rest, recursively. */
export function expandRange(line: string): string[] {
  const open = line.indexOf('[')
  const close = line.indexOf(']', open)
  if (open < 0) return [line]
  if (close < 0) throw new Error(`host range in "${line}" has no closing ]`)
  const head = line.slice(0, open)
  const tail = line.slice(close + 1)
  const bounds = line.slice(open + 1, close).split(':')
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('host range must be begin:end or begin:end:step')
  const beg = bounds[0] || '0'
  const end = bounds[1] ?? ''
  const step = bounds.length === 3 ? Number(bounds[2]) : 1
  if (!end) throw new Error('host range must specify end value')
  if (!Number.isInteger(step) || step < 1) throw new Error(`host range step "${bounds[2]}" is not a positive integer`)
  let fill = (x: string | number) => String(x)
  if (beg[0] === '0' && beg.length > 1) {
    if (beg.length !== end.length) throw new Error('host range must specify equal-length begin and end formats')
    fill = (x) => String(x).padStart(beg.length, '0')
  }
  let seq: (string | number)[]
  const ib = LETTERS.indexOf(beg)
  const ie = LETTERS.indexOf(end)
  if (beg.length === 1 && end.length === 1 && ib >= 0 && ie >= 0) {
    if (ib > ie) throw new Error('host range must have begin <= end')
    seq = []
    for (let i = ib; i <= ie; i += step) seq.push(LETTERS[i] as string)
  } else {
    if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end))
      throw new Error(`host range [${bounds.join(':')}] is neither numeric nor one letter to another`)
    seq = []
    for (let i = Number(beg); i <= Number(end); i += step) seq.push(i)
  }
  return seq.flatMap((x) => expandRange(`${head}${fill(x)}${tail}`))
}

/** One host entry of an inventory: its host names (a range stands for several) and the port it names. */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  const a = parseAddress(pattern)
  const host = a?.host ?? pattern // not an address: kept as written, as Ansible does
  const hosts = host.includes('[') ? expandRange(host) : [host]
  return { hosts, ...(a?.port !== undefined && { port: a.port }) }
}
