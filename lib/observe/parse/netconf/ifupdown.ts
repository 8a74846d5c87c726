// ifupdown, interfaces(5) and inet6.defn: `inet6 dhcp` runs `dhclient -6` (IA_NA, whatever the RA
// says); `inet6 auto` is SLAAC, plus `dhclient -6 -S` (Information-request) with `dhcp 1`;
// accept_ra defaults to 2 for auto and 1 for dhcp. The kernel takes the RAs.
import type { Intent } from '../../facts.ts'
import { bool } from './values.ts'

const IFUPDOWN_KEYWORDS =
  /^(iface|mapping|auto|allow-\S+|source|source-directory|rename|no-auto-down|no-scripts|template)(\s|$)/

interface Stanza {
  name: string
  family: string
  method: string
  line: number
  options: Map<string, string>
  text: string[]
}

function ifupdownStanzas(text: string): Stanza[] {
  const out: Stanza[] = []
  let cur: Stanza | undefined
  const raw = text.split('\n')
  for (let n = 0; n < raw.length; n++) {
    const start = n
    let l = raw[n]!
    // A trailing backslash continues the line (interfaces(5)).
    while (l.endsWith('\\') && n + 1 < raw.length) l = l.slice(0, -1) + raw[++n]!
    const t = l.trim()
    if (t === '' || t.startsWith('#')) continue
    if (IFUPDOWN_KEYWORDS.test(t)) {
      cur = undefined
      const w = t.split(/\s+/)
      if (w[0] === 'iface' && w.length >= 4) {
        cur = { name: w[1]!, family: w[2]!, method: w[3]!, line: start + 1, options: new Map(), text: [raw[start]!] }
        out.push(cur)
      }
    } else if (cur) {
      const [k, ...v] = t.split(/\s+/)
      cur.options.set(k!, v.join(' '))
      cur.text.push(...raw.slice(start, n + 1))
    }
  }
  return out
}

export function ifupdownIntents(file: string, text: string): Intent[] {
  const stanzas = ifupdownStanzas(text).filter((s) => s.method !== 'loopback')
  const names = [...new Set(stanzas.map((s) => s.name))]
  return names.flatMap((name): Intent[] => {
    const mine = stanzas.filter((s) => s.name === name)
    const v6 = mine.filter((s) => s.family === 'inet6')
    const base = (s: Stanza) => ({
      system: 'ifupdown' as const,
      file,
      line: s.line,
      match: name,
      raBy: 'kernel' as const,
      stanza: s.text.join('\n'),
    })
    if (!v6.length) {
      const s = mine[0]!
      return [
        {
          ...base(s),
          dhcp6: 'no',
          ra: undefined,
          detail: `only iface ${name} ${s.family} ${s.method}, no inet6 stanza`,
        },
      ]
    }
    return v6.flatMap((s): Intent[] => {
      const ar = s.options.get('accept_ra')
      const said = ar === undefined ? undefined : ar.trim() !== '0'
      const head = `iface ${name} inet6 ${s.method}`
      switch (s.method) {
        case 'dhcp':
          return [{ ...base(s), dhcp6: 'stateful', ra: said ?? true, detail: head }]
        case 'auto': {
          const dhcp = bool(s.options.get('dhcp')) === true
          return [
            {
              ...base(s),
              dhcp6: dhcp ? 'stateless' : 'no',
              ra: said ?? true,
              detail: dhcp
                ? `${head} with dhcp 1: SLAAC and a stateless Information-request`
                : `${head}: SLAAC only${s.options.has('dhcp') ? ', dhcp 0' : ''}`,
            },
          ]
        }
        case 'static':
          // inet6.defn: a gateway makes accept_ra default to 0.
          return [
            {
              ...base(s),
              dhcp6: 'no',
              ra: said ?? (s.options.has('gateway') ? false : undefined),
              detail: `${head}: a fixed address`,
            },
          ]
        case 'manual':
          return [{ ...base(s), dhcp6: 'no', ra: said, detail: `${head}: nothing configured` }]
        default:
          return []
      }
    })
  })
}
