// nft -j list ruleset: the document, and rules written back as nft lists them, for the readings that
// need it (NAT rules in nat6.ts, the filter rules in nft-ruleset.ts). Pure.
import { excerpt } from './util.ts'

export type Json = Record<string, unknown>
export const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
export const str = (x: unknown): string =>
  typeof x === 'string' ? x : typeof x === 'number' ? String(x) : (JSON.stringify(x) ?? '?')

/** meta keys nft prints without the `meta` word. */
const BARE_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype', 'mark', 'skuid', 'skgid'])

export function left(x: unknown): string {
  if (!isRecord(x)) return str(x)
  if (isRecord(x.payload)) return `${str(x.payload.protocol)} ${str(x.payload.field)}`
  if (isRecord(x.meta)) return BARE_META.has(str(x.meta.key)) ? str(x.meta.key) : `meta ${str(x.meta.key)}`
  if (isRecord(x.ct)) return `ct ${str(x.ct.key)}`
  return JSON.stringify(x)
}

export function value(x: unknown, quote = false): string {
  if (typeof x === 'string') return quote ? JSON.stringify(x) : x
  if (Array.isArray(x)) return `{ ${x.map((e) => value(e, quote)).join(', ')} }`
  if (!isRecord(x)) return str(x)
  if (isRecord(x.prefix)) return `${str(x.prefix.addr)}/${str(x.prefix.len)}`
  if (Array.isArray(x.range)) return x.range.map((e) => value(e)).join('-')
  if ('set' in x) return Array.isArray(x.set) ? value(x.set, quote) : value([x.set], quote)
  return JSON.stringify(x)
}

/** `snat ip6 to 2001:db8::1`, `masquerade to :1024-2048`: the address, and the port after it. */
function natTarget(x: Json): string {
  const port = x.port === undefined ? '' : `:${value(x.port)}`
  const addr = x.addr === undefined ? '' : value(x.addr)
  if (!addr && !port) return ''
  return ` to ${addr.includes(':') && port ? `[${addr}]` : addr}${port}`
}

export function statement(e: unknown): string {
  if (!isRecord(e)) return str(e)
  const [key, body] = Object.entries(e)[0] ?? ['?', null]
  if (key === 'match' && isRecord(body)) {
    const l = left(body.left)
    const op = body.op === '==' || body.op === 'in' ? '' : `${str(body.op)} `
    // nft quotes interface names (oifname != "docker0"); other values print bare.
    return `${l} ${op}${value(body.right, /ifname$/.test(l))}`
  }
  if (key === 'counter')
    return isRecord(body) ? `counter packets ${str(body.packets)} bytes ${str(body.bytes)}` : 'counter'
  if (
    (key === 'masquerade' || key === 'snat' || key === 'dnat' || key === 'redirect') &&
    (body === null || isRecord(body))
  ) {
    const b = body ?? {}
    const flags = b.flags === undefined ? '' : ` ${Array.isArray(b.flags) ? b.flags.map(str).join(',') : str(b.flags)}`
    return `${key}${b.family === undefined ? '' : ` ${str(b.family)}`}${natTarget(b)}${flags}`
  }
  if (key === 'xt' && isRecord(body)) return `xt ${str(body.type)} ${str(body.name)}`
  if ((key === 'jump' || key === 'goto') && isRecord(body)) return `${key} ${str(body.target)}`
  if (key === 'vmap' && isRecord(body)) return `${left(body.key)} vmap ${mapText(body.data)}`
  if (key === 'reject' && isRecord(body) && body.expr !== undefined)
    return `reject with ${body.type === undefined ? '' : `${str(body.type)} `}${str(body.expr)}`
  return key
}

/** A verdict map's elements, `{ tcp : jump tcp_in, … }`, or the named map it reads, `@icmp_policy`. */
function mapText(data: unknown): string {
  if (typeof data === 'string') return data
  const elems = isRecord(data) && Array.isArray(data.set) ? data.set : []
  return `{ ${elems.map((e) => (Array.isArray(e) ? `${value(e[0])} : ${statement(e[1])}` : value(e))).join(', ')} }`
}

/** A rule as an operator reads it: `table inet filter chain input: icmpv6 type packet-too-big drop`. */
export function nftRuleText(r: Json): string {
  const expr = Array.isArray(r.expr) ? r.expr : []
  return `table ${str(r.family)} ${str(r.table)} chain ${str(r.chain)}: ${expr.map(statement).join(' ')}`
}

export type NftDocument = { items: unknown[]; notes: string[] } | { error: string; notes: string[] }

/** nft writes warnings to stderr, which the script merges: the JSON is the line that starts with `{`. */
export function readNftDocument(text: string): NftDocument {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.trimStart().startsWith('{'))
  const notes = lines.filter((l, i) => i !== at && l.trim() !== '').map((l) => l.trim())
  if (at < 0) return { notes, error: `no JSON in the output: ${excerpt(text)}` }
  let doc: unknown
  try {
    doc = JSON.parse(lines[at] ?? '')
  } catch (e) {
    return { notes, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  if (!isRecord(doc) || !Array.isArray(doc.nftables))
    return { notes, error: `no "nftables" array: ${excerpt(lines[at] ?? '')}` }
  return { items: doc.nftables, notes }
}
