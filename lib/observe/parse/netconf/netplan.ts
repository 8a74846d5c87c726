// netplan only renders: to networkd (the default renderer) or NetworkManager. networkd starts its
// DHCPv6 client itself when an RA sets M or O, whatever `dhcp6` says; with the NetworkManager
// renderer, `dhcp6` unset becomes ipv6.method=ignore (netplan nm.c). The files merge into one
// configuration, so they are read together.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml'
import type { Part } from '../parts.ts'
import type { Intent, NetconfFile } from '../../facts.ts'
import { basename, generatedBy } from './intent.ts'
import { bool, firstLine, normMac } from './values.ts'

interface Field {
  value: unknown
  file: string
  line: number
}

interface NetplanDef {
  id: string
  file: string
  line: number
  stanza: string
  fields: Map<string, Field>
  typeRenderer?: Field
}

const asJs = (n: unknown): unknown =>
  n && typeof n === 'object' && 'toJSON' in n && typeof n.toJSON === 'function'
    ? (n.toJSON as () => unknown)()
    : isScalar(n)
      ? n.value
      : n

function netplanFile(
  file: string,
  text: string,
  defs: Map<string, NetplanDef>,
  global: { renderer?: Field },
): string | undefined {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false })
  if (doc.errors.length) return `line ${lc.linePos(doc.errors[0]!.pos[0]).line}: ${firstLine(doc.errors[0]!.message)}`
  const lineOf = (n: Node | null | undefined): number => lc.linePos(n?.range?.[0] ?? 0).line
  const raw = text.split('\n')
  const network = isMap(doc.contents) ? doc.contents.get('network', true) : undefined
  if (!isMap(network)) return doc.contents === null ? undefined : 'no network: mapping'
  for (const pair of network.items as Pair<unknown, unknown>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    if (key === 'renderer' && isScalar(pair.value))
      global.renderer = { value: String(pair.value.value), file, line: lineOf(pair.key as Node) }
    if (!isMap(pair.value) || key === 'version') continue
    // A device-type map (ethernets, bonds, vlans, ...): its own renderer, then one entry per definition.
    let typeRenderer: Field | undefined
    for (const d of pair.value.items as Pair<unknown, unknown>[]) {
      const id = isScalar(d.key) ? String(d.key.value) : ''
      if (id === 'renderer' && isScalar(d.value))
        typeRenderer = { value: String(d.value.value), file, line: lineOf(d.key as Node) }
    }
    for (const d of pair.value.items as Pair<unknown, unknown>[]) {
      const id = isScalar(d.key) ? String(d.key.value) : ''
      if (id === 'renderer' || !isMap(d.value)) continue
      const from = lineOf(d.key as Node)
      const to = lc.linePos(Math.max((d.value as Node).range?.[1] ?? 0, 1) - 1).line
      const def = defs.get(id) ?? { id, file, line: from, stanza: '', fields: new Map<string, Field>() }
      // netplan merges definitions across files in name order: a later file's keys win.
      def.stanza = [def.stanza, `# ${file}`, ...raw.slice(from - 1, to)].filter(Boolean).join('\n')
      if (typeRenderer) def.typeRenderer = typeRenderer
      for (const f of d.value.items) {
        if (!isPair(f) || !isScalar(f.key)) continue
        def.fields.set(String(f.key.value), { value: asJs(f.value), file, line: lineOf(f.key as Node) })
      }
      defs.set(id, def)
    }
  }
  return undefined
}

function netplanIntent(def: NetplanDef, global: { renderer?: Field }): Intent {
  const f = (k: string): Field | undefined => def.fields.get(k)
  const b = (k: string): boolean | undefined => {
    const v = f(k)?.value
    return typeof v === 'boolean' ? v : typeof v === 'string' ? bool(v) : undefined
  }
  const rField = f('renderer') ?? def.typeRenderer ?? global.renderer
  const renderer = rField ? String(rField.value) : 'networkd'
  const rFrom = rField ? `renderer ${renderer} (${rField.file}:${rField.line})` : 'renderer networkd (the default)'
  const match = f('match')?.value
  const m = match && typeof match === 'object' ? (match as Record<string, unknown>) : undefined
  const setName = typeof f('set-name')?.value === 'string' ? String(f('set-name')!.value) : undefined
  const mac = typeof m?.macaddress === 'string' ? normMac(m.macaddress) : undefined
  const dhcp6 = b('dhcp6')
  const acceptRa = b('accept-ra')
  const d6 = dhcp6 === undefined ? 'dhcp6 unset' : `dhcp6: ${dhcp6}`
  const ar = acceptRa === undefined ? '' : `, accept-ra: ${acceptRa}`
  const ll = f('link-local')?.value
  const noLl = Array.isArray(ll) && !ll.map(String).includes('ipv6')
  const decided = f('dhcp6') ?? f('accept-ra')
  const base = {
    system: 'netplan' as const,
    file: decided?.file ?? def.file,
    line: decided?.line ?? def.line,
    match: setName ?? (typeof m?.name === 'string' ? m.name : m ? '' : def.id),
    ...(mac ? { mac } : {}),
    stanza: def.stanza,
    id: def.id,
  }
  if (renderer === 'NetworkManager') {
    const v6static =
      Array.isArray(f('addresses')?.value) && (f('addresses')!.value as unknown[]).some((a) => String(a).includes(':'))
    const method = dhcp6 ? 'auto' : v6static || f('gateway6') || f('ipv6-address-generation') ? 'manual' : 'ignore'
    const say = `${d6}${ar}; ${rFrom} writes ipv6.method=${method}`
    if (method === 'auto')
      return {
        ...base,
        dhcp6: 'follow-ra',
        ra: acceptRa ?? true,
        raBy: 'networkmanager',
        detail: `${say}: DHCPv6 as the RA's M/O flags say`,
      }
    if (method === 'manual')
      return { ...base, dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${say}: fixed addresses` }
    return {
      ...base,
      dhcp6: 'no',
      ra: undefined,
      raBy: 'kernel',
      detail: `${say}: IPv6 left to the kernel, SLAAC only, no DHCPv6`,
    }
  }
  // networkd (netplan's default renderer, and the only other one for ethernets).
  const raOn = !noLl && acceptRa !== false
  const say = `${d6}${ar}${noLl ? ', link-local without ipv6' : ''}; ${rFrom}`
  if (raOn)
    return {
      ...base,
      dhcp6: 'follow-ra',
      ra: true,
      raBy: 'networkd',
      detail: `${say}: networkd starts DHCPv6 when the RA sets M or O`,
    }
  if (dhcp6) return { ...base, dhcp6: 'stateful', ra: false, raBy: 'networkd', detail: `${say}: DHCPv6 without RAs` }
  return { ...base, dhcp6: 'no', ra: false, raBy: 'networkd', detail: `${say}: no RAs, so DHCPv6 never starts` }
}

/** All netplan files at once, as netplan merges them; one entry per file, holding the intents it decides. */
export function netplanFiles(netplan: readonly Part[]): NetconfFile[] {
  // netplan reads /etc/netplan/*.yaml in name order and merges them into one configuration.
  const sorted = [...netplan].sort((a, b) => (basename(a.label) < basename(b.label) ? -1 : 1))
  const defs = new Map<string, NetplanDef>()
  const global: { renderer?: Field } = {}
  const errors = new Map<string, string>()
  for (const p of sorted) {
    let err: string | undefined
    try {
      err = netplanFile(p.label, p.text, defs, global)
    } catch (e) {
      err = e instanceof Error ? e.message : String(e)
    }
    if (err) errors.set(p.label, err)
  }
  const intents = [...defs.values()].map((d) => netplanIntent(d, global))
  return sorted.map((p): NetconfFile => {
    const gen = generatedBy(p.label, p.text)
    const err = errors.get(p.label) ?? (p.truncated ? 'cut at the read limit: judged on the first part' : undefined)
    return {
      system: 'netplan',
      file: p.label,
      intents: intents.filter((i) => i.file === p.label),
      ...(err ? { error: err } : {}),
      ...(gen ? { generatedBy: gen } : {}),
    }
  })
}
