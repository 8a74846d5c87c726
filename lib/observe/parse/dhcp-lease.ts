// ISC dhclient -6 lease files (dhclient.leases(5): `lease6 { interface "eth0"; ia-na … { iaaddr … } }`)
// → the addresses leased through IA_NA. ifupdown's `inet6 dhcp` keeps them in
// /var/lib/dhcp/dhclient6.<if>.leases, NetworkManager's dhclient backend in
// /var/lib/NetworkManager/dhclient6-<uuid>-<if>.lease. dhclient appends a block at each bind or
// renewal, so the last block for an interface is the current one.
import type { Lease6, LeaseFile } from '../facts.ts'
import type { Part } from './parts.ts'
import { canonicalAddress } from './util.ts'

/** Lease files among the guest parts (parts-script.ts GUEST_FILES). */
export const isLeaseFile = (label: string): boolean =>
  /^\/var\/lib\/dhcp\/dhclient[^/]*\.(leases|lease6)$/.test(label) ||
  /^\/var\/lib\/NetworkManager\/[^/]*\.lease$/.test(label) ||
  // RHEL's dhclient (initscripts: dhclient6-<if>.leases; NetworkManager's: dhclient6-<uuid>-<if>.lease).
  /^\/var\/lib\/dhclient\/dhclient6[^/]*\.leases?$/.test(label)

interface Token {
  text: string
  line: number
  quoted: boolean
}

function tokenize(text: string): Token[] {
  const out: Token[] = []
  const re = /"((?:[^"\\]|\\.)*)"|([{};])|([^\s{};"#]+)|(#[^\n]*)|(\n)/g
  let line = 1
  for (const m of text.matchAll(re)) {
    if (m[5] !== undefined) line++
    else if (m[1] !== undefined) out.push({ text: m[1], line, quoted: true })
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ text: (m[2] ?? m[3])!, line, quoted: false })
  }
  return out
}

interface Stmt {
  words: Token[]
  body?: Stmt[]
}

/** Statements `a b c;` and blocks `a b { … }`, nested as written. */
function statements(tokens: Token[]): Stmt[] {
  let i = 0
  const block = (): Stmt[] => {
    const list: Stmt[] = []
    let words: Token[] = []
    while (i < tokens.length) {
      const t = tokens[i++]!
      if (!t.quoted && t.text === ';') {
        if (words.length) list.push({ words })
        words = []
      } else if (!t.quoted && t.text === '{') {
        list.push({ words, body: block() })
        words = []
      } else if (!t.quoted && t.text === '}') {
        if (words.length) list.push({ words })
        return list
      } else words.push(t)
    }
    if (words.length) list.push({ words })
    return list
  }
  return block()
}

const num = (t: Token | undefined): number | undefined => {
  const n = t ? Number(t.text) : NaN
  return Number.isFinite(n) ? n : undefined
}

const field = (body: Stmt[] | undefined, key: string): Token | undefined =>
  body?.find((s) => !s.body && s.words[0]?.text === key)?.words[1]

export function parseDhclient6Leases(text: string, file: string): Lease6[] {
  const leases: Lease6[] = []
  const blocks = statements(tokenize(text)).filter((s) => s.words[0]?.text === 'lease6' && s.body)
  for (const [block, s] of blocks.entries()) {
    const iface = field(s.body!, 'interface')?.text ?? ''
    // IA_NA only: IA_TA addresses are temporary, IA_PD prefixes are not the guest's address.
    for (const ia of s.body!.filter((b) => b.body && b.words[0]?.text === 'ia-na')) {
      for (const a of ia.body!.filter((b) => b.body && b.words[0]?.text === 'iaaddr')) {
        const c = a.words[1] ? canonicalAddress(a.words[1].text) : undefined
        if (!c || c.family !== 'inet6') continue
        const starts = num(field(a.body, 'starts')) ?? num(field(ia.body, 'starts'))
        const preferredLife = num(field(a.body, 'preferred-life'))
        const maxLife = num(field(a.body, 'max-life'))
        leases.push({
          file,
          block,
          interface: iface,
          address: c.address,
          ...(starts !== undefined ? { starts } : {}),
          ...(preferredLife !== undefined ? { preferredLife } : {}),
          ...(maxLife !== undefined ? { maxLife } : {}),
          line: a.words[0]!.line,
          text: `iaaddr ${a.words[1]!.text} { starts ${starts ?? '?'}; preferred-life ${preferredLife ?? '?'}; max-life ${maxLife ?? '?'}; }`,
        })
      }
    }
  }
  return leases
}

/** Every lease file among the parts, read or with the reason it was not. */
export function leaseFiles(parts: readonly Part[]): LeaseFile[] {
  return parts
    .filter((p) => isLeaseFile(p.label))
    .map((p): LeaseFile => {
      if (p.exit !== undefined && p.exit !== 0)
        return { file: p.label, leases: [], error: p.text.trim().split('\n')[0] || `cat exited ${p.exit}` }
      const leases = parseDhclient6Leases(p.text, p.label)
      // NetworkManager's internal client writes key=value files for DHCPv4; they hold no lease6.
      if (!leases.length && !/\blease6\s*\{/.test(p.text))
        return { file: p.label, leases, error: 'not a dhclient lease6 file' }
      return { file: p.label, leases }
    })
}

/** The current lease of an interface: the last lease6 block that names it, across files. */
export function currentLeases(files: readonly LeaseFile[], iface: string): Lease6[] {
  const out: Lease6[] = []
  for (const f of files) {
    const mine = f.leases.filter((l) => l.interface === iface)
    const last = mine.at(-1)
    // A block may hold several IA_NA addresses: keep every address of the last block.
    if (last) out.push(...mine.filter((l) => l.block === last.block))
  }
  return out
}
