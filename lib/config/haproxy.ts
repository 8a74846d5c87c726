// haproxy.cfg, read as haproxy's cfgparse does: one statement per line, words split on whitespace,
// quotes and backslash escapes, # starts a comment outside quotes; a section keyword (global,
// defaults, frontend, backend, listen, peers, resolvers…) opens a section that lasts to the next one.
//
// Addresses go through str2sa_range (src/tools.c): an optional `proto@` prefix (ipv4@, ipv6@, unix@,
// fd@, quic4@…), then the port is whatever follows the LAST colon unless a `]` comes after it, and
// str2ip2 strips the brackets. So `bind 2001:db8::11:443` and `bind :::443` are legal haproxy (IPv6
// address, port 443), while `server s1 2001:db8::11` means address "2001:db8:" port 11 and fails
// (haproxy-dconv#29: "could not resolve address '2001:470:c:f56:'"). `*` and an empty host are
// INADDR_ANY (IPv4); `::` is IN6ADDR_ANY. A bind may list several addresses separated by commas.
import { listenOption } from './listen-options.ts'
import { isUrl, type ConfigUnit, type ConfigValue, type ParsedConfig } from './values.ts'

const SECTIONS = new Set([
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'peers',
  'resolvers',
  'userlist',
  'mailers',
  'cache',
  'program',
  'http-errors',
  'ring',
  'log-forward',
  'crt-store',
  'traces',
  'acme',
  'fcgi-app',
])

/** Words of one line, quotes and escapes resolved, the comment dropped. */
function words(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let has = false
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i]
      else cur += c
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      has = true
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i]
      has = true
    } else if (c === '#') break
    else if (/\s/.test(c)) {
      if (has) out.push(cur)
      cur = ''
      has = false
    } else {
      cur += c
      has = true
    }
  }
  if (has) out.push(cur)
  return out
}

// Statements whose address sits at a fixed word: `server NAME ADDR`, `bind ADDR[,ADDR…]`, `log ADDR`.
const ADDRESS_AT: Record<string, number> = {
  bind: 1,
  'dgram-bind': 1,
  source: 1,
  server: 2,
  peer: 2,
  nameserver: 2,
  mailer: 2,
  log: 1,
}

export function parseHaproxy(text: string): ParsedConfig {
  const values: ConfigValue[] = []
  const units: ConfigUnit[] = []
  let section = 'global'
  text.split('\n').forEach((line, i) => {
    const w = words(line)
    const [kw = ''] = w
    if (!kw) return
    if (SECTIONS.has(kw)) {
      section = w.slice(0, 2).join(' ')
      if (kw === 'frontend' || kw === 'listen') units.push({ id: section, line: i + 1 })
      return
    }
    const at = ADDRESS_AT[kw]
    const addr = at === undefined ? undefined : w[at]
    const listen = listenOption('haproxy', kw)
    // log takes a path, stdout/stderr or `global` too; those are not addresses.
    if (addr !== undefined && !(kw === 'log' && (addr.startsWith('/') || /^(global|stdout|stderr|ring@)/.test(addr)))) {
      for (const a of kw === 'bind' ? addr.split(',') : [addr])
        if (a && !/^(unix|abns|abnsz|fd|sockpair|uxst|uxdg)@/.test(a))
          values.push({
            line: i + 1,
            key: kw,
            context: section,
            text: a,
            role: 'haproxy',
            ...(listen && {
              bind: true,
              unit: section,
              options: w.slice(at! + 1),
              bindRule: { by: 'table' as const, option: listen },
            }),
          })
    }
    for (const x of w.slice(1))
      if (x !== addr && isUrl(x)) values.push({ line: i + 1, key: kw, context: section, text: x, role: 'url' })
  })
  return { values, units }
}
