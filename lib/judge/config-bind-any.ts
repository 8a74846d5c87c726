// hosts.config.bind-any: no service is configured to bind the IPv4 wildcard where `::` is wanted
// (an Ocata IPv6 migration "changed 0.0.0.0 to :: throughout"). What a bind means depends on its
// reader:
// - nginx: `listen 80`, `listen *:80` and `listen 0.0.0.0:80` are the IPv4 wildcard; a server block
//   without any listen gets *:80. IPv6 needs its own `listen [::]:80` in the same server block
//   (server names are matched per listening address), as Debian's default site writes it; the
//   BOSH-on-vSphere IPv6 notes call `listen [::]:80 ipv6only=off` the way to take both.
// - haproxy (str2sa_range/str2ip2): `*`, an empty host and 0.0.0.0 are INADDR_ANY (IPv4); `::`
//   is IN6ADDR_ANY, which takes IPv4 too unless v6only (`bind :::443 v4v6` is explicit).
// - ini, YAML, JSON: a bind key (bind_host, *_listen, bind_ip, host…) set to 0.0.0.0 is one
//   IPv4-only listener; `::` is the fix.
// - text: no keys, so a 0.0.0.0 anywhere with no `::` anywhere (sshd's ListenAddress).
// An IPv6-only bind passes on every target, dual-stack included: whether a listener also takes
// IPv4 is hosts.listeners.dual-stack's question, judged on the sockets themselves.
import type { ConfigValue } from '../config/index.ts'
import { isBindKey } from '../config/keys.ts'
import { describeBindRule, type ListenOption } from '../config/listen-options.ts'
import { parseIPv6 } from '../net/index.ts'
import type { Verdict } from '../verdict.ts'
import { judgeConfigs, sourceLine, type ConfigFile, type Finding } from './config-file.ts'
import type { HostView } from './host-view.ts'
import { CONFIG_BIND_ANY } from '../checks/hosts/config.ts'
import { judgeFacts } from './judged.ts'

type Family = 'v4-any' | 'v6' | 'other'

interface Bind {
  family: Family
  /** As text: haproxy takes ranges (10000-10010). */
  port: string
}

const V6_PREFIX = /^(ipv6|tcp6|udp6|quic6)@/
const V4_PREFIX = /^(ipv4|tcp4|udp4|quic4)@/

/** nginx listen's address part (ngx_parse_url): a port alone or `*` is the IPv4 wildcard. */
export function nginxBind(text: string): Bind {
  const b = /^\[([^\]]*)\](?::(\d+))?$/.exec(text)
  if (b) return { family: parseIPv6(b[1] ?? '') ? 'v6' : 'other', port: b[2] ?? '80' }
  if (/^\d+$/.test(text)) return { family: 'v4-any', port: text }
  const [host = '', port = '80'] = text.split(':')
  return { family: host === '*' || host === '0.0.0.0' ? 'v4-any' : 'other', port }
}

/** haproxy bind address (str2sa_range): the last colon is the port unless a `]` follows it. */
export function haproxyBind(text: string): Bind {
  const v6 = V6_PREFIX.test(text)
  const t = text.replace(/^[a-z0-9-]+@/, '')
  const i = t.lastIndexOf(':')
  const host = (i < 0 || t.lastIndexOf(']') > i ? t : t.slice(0, i)).replace(/^\[(.*)\]$/, '$1')
  const port = i < 0 || t.lastIndexOf(']') > i ? '' : t.slice(i + 1)
  // ipv6@ with no host is IN6ADDR_ANY: str2ip2 keeps the forced family.
  if (host === '' || host === '*') return { family: v6 ? 'v6' : 'v4-any', port }
  if (host === '0.0.0.0') return { family: 'v4-any', port }
  return { family: parseIPv6(host) && !V4_PREFIX.test(text) ? 'v6' : 'other', port }
}

/** A bind key's value (ini, YAML, JSON, text): 0.0.0.0, optionally with a port, is the IPv4 wildcard. */
function plainBind(text: string): Bind {
  const m = /^0\.0\.0\.0(?::(\d+))?$/.exec(text)
  if (m) return { family: 'v4-any', port: m[1] ?? '' }
  const host = text.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^:::\d+$/, '::')
  return {
    family: parseIPv6(host) ? 'v6' : 'other',
    port: /^:::(\d+)$/.exec(text)?.[1] ?? /\]:(\d+)$/.exec(text)?.[1] ?? '',
  }
}

/** The table's entry behind a value, when it was recognised by one. */
const optionOf = (v: ConfigValue): ListenOption | undefined =>
  v.bindRule?.by === 'table' ? v.bindRule.option : undefined

/** A bind read as its service reads it: uWSGI takes `:5000` for 0.0.0.0:5000 (an empty host is INADDR_ANY). */
function keyBind(v: ConfigValue): Bind {
  const port = /^:(\d+)$/.exec(v.text)?.[1]
  if (port !== undefined && optionOf(v)?.portAloneIsIpv4) return { family: 'v4-any', port }
  return plainBind(v.text)
}

const samePort = (a: Bind, b: Bind): boolean => a.port === b.port || !a.port || !b.port

/** The IPv6 wildcard in the form the option takes: `::`, `[::]:5000`, or RabbitMQ's `:::5672`. */
function v6Wildcard(v: ConfigValue, b: Bind): string {
  const value = optionOf(v)?.value
  if (b.port && value === 'last-colon') return `:::${b.port}`
  if (b.port && (value === 'hostport' || v.text.startsWith('0.0.0.0:') || /^:\d+$/.test(v.text)))
    return `[::]:${b.port}`
  return '::'
}

const portText = (p: string) => (p ? ` port ${p}` : '')

/** Binds grouped by unit; an IPv4 wildcard with no IPv6 bind on the same port in its unit is a finding. */
function unitFindings(
  f: ConfigFile,
  read: (v: ConfigValue) => Bind,
  fix: (v: ConfigValue, b: Bind) => string,
): Finding[] {
  const binds = f.parsed.values.filter((v) => v.bind)
  const units = new Map<string, { v: ConfigValue; b: Bind }[]>()
  for (const v of binds) units.set(v.unit ?? '', [...(units.get(v.unit ?? '') ?? []), { v, b: read(v) }])
  const findings: Finding[] = []
  for (const list of units.values())
    for (const { v, b } of list)
      if (
        b.family === 'v4-any' &&
        !list.some((x) => x.b.family === 'v6' && (x.b.port === b.port || !x.b.port || !b.port))
      )
        findings.push({
          line: v.line,
          why: `binds the IPv4 wildcard${portText(b.port)} only, with no IPv6 bind beside it`,
          fix: fix(v, b),
          rule: describeBindRule(v.bindRule, v.key),
        })
  return findings
}

function nginxFindings(f: ConfigFile): Finding[] {
  const found = unitFindings(
    f,
    (v) => nginxBind(v.text),
    (_, b) =>
      `add \`listen [::]:${b.port};\` to the same server block (or \`listen [::]:${b.port} ipv6only=off;\` in place of this one)`,
  )
  for (const u of f.parsed.units)
    if (u.implicit && !f.parsed.values.some((v) => v.unit === u.id && v.bind))
      found.push({
        line: u.line,
        why: `a server block with no listen directive listens on ${u.implicit}, IPv4 only`,
        fix: 'add `listen 80;` and `listen [::]:80;` to the server block',
      })
  return found
}

function haproxyFindings(f: ConfigFile): Finding[] {
  return unitFindings(
    f,
    (v) => haproxyBind(v.text),
    (v, b) => `bind \`:::${b.port} v4v6\` in place of ${v.text} (or add \`bind :::${b.port} v6only\` to ${v.context})`,
  )
}

/**
 * An IPv4 wildcard in a bind key. A listen address takes `::` instead; an advertised one (given to
 * peers to connect to) takes this host's own address, since no wildcard is reachable. Where the
 * service binds every value it is given (uWSGI sockets, RabbitMQ listeners, bind-address lists), an
 * IPv6 bind on the same port in the same unit answers for it.
 */
function keyFinding(f: ConfigFile, v: ConfigValue, b: Bind, sep: string): Finding {
  const o = optionOf(v)
  const rule = describeBindRule(v.bindRule, v.key)
  if (o?.means === 'advertised')
    return {
      line: v.line,
      why: `${v.key} = ${v.text} binds the IPv4 wildcard only, and ${v.key} is also given to ${o.givenTo ?? 'clients'}: no wildcard can be connected to`,
      fix: `write ${v.key}${sep}<this host's IPv6 address>${b.port && o.value === 'hostport' ? ` (as [address]:${b.port})` : ''}`,
      rule,
    }
  return {
    line: v.line,
    why: `${v.key} = ${v.text} binds the IPv4 wildcard only`,
    fix: `write ${v.key}${sep}${v6Wildcard(v, b)}`,
    rule,
  }
}

function keyFindings(f: ConfigFile): Finding[] {
  const binds = f.parsed.values.filter((v) => v.bind).map((v) => ({ v, b: keyBind(v) }))
  return binds
    .filter(
      ({ v, b }) =>
        b.family === 'v4-any' &&
        !(optionOf(v)?.many && binds.some((x) => x.v.unit === v.unit && x.b.family === 'v6' && samePort(x.b, b))),
    )
    .map(({ v, b }) => keyFinding(f, v, b, ' = '))
}

function textFindings(f: ConfigFile): Finding[] {
  const binds = f.parsed.values.filter((v) => v.bind).map((v) => ({ v, b: keyBind(v) }))
  if (binds.some(({ b }) => b.family === 'v6')) return []
  return binds
    .filter(({ b }) => b.family === 'v4-any')
    .map(({ v, b }) => {
      if (!optionOf(v))
        return {
          line: v.line,
          why: `0.0.0.0 binds the IPv4 wildcard, and the file binds no IPv6 address`,
          fix: 'bind :: (or add an IPv6 bind beside it)',
          rule: describeBindRule(v.bindRule, v.key),
        }
      const sep = sourceLine(f, v.line).includes(`${v.key}=`) ? '=' : ' '
      return {
        ...keyFinding(f, v, b, sep),
        why: `${v.key} ${v.text} binds the IPv4 wildcard only, and the file binds no IPv6 address`,
      }
    })
}

/** One value per line: a line binding several addresses (haproxy's `bind a,b`) is shown once. */
const firstPerLine = (vs: ConfigValue[]): ConfigValue[] =>
  vs.filter((v, i) => vs.findIndex((x) => x.line === v.line) === i)

function describeBinds(f: ConfigFile): string {
  const binds = firstPerLine(f.parsed.values.filter((v) => v.bind))
  if (!binds.length) return 'no bind or listen setting'
  const shown = binds.slice(0, 6).map((v) => `\`${sourceLine(f, v.line)}\``)
  return `binds: ${shown.join(', ')}${binds.length > 6 ? ` and ${binds.length - 6} more` : ''}`
}

/**
 * Which rule recognised each bind (the table's entry with its source, or the name pattern), and
 * which keys the table ruled out though their name looks like a bind (`[DEFAULT] host` is nova's
 * node name, uWSGI's `listen` its queue size): what a pass rests on.
 */
function bindEvidence(f: ConfigFile): string | undefined {
  const lines = firstPerLine(f.parsed.values.filter((v) => v.bind)).map(
    (v) => `${f.spec.path}:${v.line}: ${sourceLine(f, v.line)}\n  recognised as ${describeBindRule(v.bindRule, v.key)}`,
  )
  const ruledOut = firstPerLine(
    f.parsed.values.filter((v) => !v.bind && v.bindRule?.by === 'table' && isBindKey(v.key)),
  ).map(
    (v) => `${f.spec.path}:${v.line}: ${sourceLine(f, v.line)}\n  not judged: ${describeBindRule(v.bindRule, v.key)}`,
  )
  const all = [...lines, ...ruledOut]
  return all.length ? all.join('\n') : undefined
}

export const configBindAny = judgeFacts(CONFIG_BIND_ANY, (v: HostView): Verdict[] => {
  const check = CONFIG_BIND_ANY.id
  return judgeConfigs(
    check,
    v,
    (spec) =>
      spec.format === 'nginx'
        ? 'every IPv4 wildcard listen matched by listen [::]:<port> in its server block'
        : spec.format === 'haproxy'
          ? 'every IPv4 wildcard bind (*, 0.0.0.0) matched by an IPv6 bind on its port'
          : 'binds on :: (or an IPv6 address), not 0.0.0.0 alone',
    (f) => {
      const findings =
        f.spec.format === 'nginx'
          ? nginxFindings(f)
          : f.spec.format === 'haproxy'
            ? haproxyFindings(f)
            : f.spec.format === 'text'
              ? textFindings(f)
              : keyFindings(f)
      const evidence = bindEvidence(f)
      return { findings, observed: describeBinds(f), ...(evidence && { evidence }) }
    },
  )
})
