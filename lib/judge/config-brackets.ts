// hosts.config.brackets: IPv6 literals that carry a port are bracketed, and URL hosts always are.
// Each value is read by the reader that will consume it:
// - URLs by RFC 3986 §3.2.2: an IPv6 host is `[…]` even without a port; a zone is `%25zone` (RFC 6874 §2).
// - nginx by ngx_parse_url: any unbracketed IPv6 literal is refused (the first colon is the port).
// - haproxy by str2sa_range: the last colon is the port, so `bind :::443` and `2001:db8::11:443`
//   are legal, and an unbracketed address that only works without a port is misread.
// - Everything else (ini, YAML, JSON, text) by RFC 5952 §6: `[addr]:port`. A bare address with no
//   port needs no brackets (`my_ip = 2001:db8::11`, `iscsi_ip_address = 2001:db8::11`: cinder's
//   sanitize_host brackets target_ip_address itself when it builds the portal; the `[$my_ip]` of
//   an Ocata IPv6 migration was a workaround and stays accepted).
//
// The hard case is text that is both an address and address:port, `2001:db8:0:1::11:3260`
// (RFC 5952 §6 calls it ambiguous). It is read as address:port when
// - the key takes address:port (memcached_servers, rabbit_hosts, bind, listen: role hostport), or
// - its last group, read as decimal, is the port of the service the key names (iscsi → 3260,
//   rabbit → 5672…) or a port the same section sets (iscsi_port = 3260, bind_port = 9292);
// otherwise it is an address whose last group happens to look decimal (`my_ip = 2001:db8::1:80`).
// An unbracketed literal whose whole text is not an address but whose head is (`…::11:3260` with
// nine groups, `fe80::1%eth0:22`) is address:port for every key.
import type { ConfigValue } from '../config/index.ts'
import { ipv6Literals } from '../config/literals.ts'
import { parseCidr, parseIPv6, parseUrlAuthority } from '../net/index.ts'
import type { Verdict } from '../verdict.ts'
import { judgeConfigs, showValue, type Finding } from './config-file.ts'
import type { HostView } from './host-view.ts'
import { CONFIG_BRACKETS } from '../checks/hosts/config.ts'
import { judgeFacts } from './judged.ts'

/** `A:P` split at the last colon when A is an IPv6 address and P a port (1-65535). */
export function portSplit(text: string): { host: string; port: number } | undefined {
  const i = text.lastIndexOf(':')
  const p = text.slice(i + 1)
  if (i < 0 || !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) return undefined
  const host = text.slice(0, i)
  return parseIPv6(host) ? { host, port: Number(p) } : undefined
}

const multiColon = (t: string): boolean => t.split(':').length > 2
// $var (ini, nginx, shell), ${VAR} (haproxy), {{ }} (Jinja), (( )) (BOSH): resolved elsewhere.
const isTemplate = (t: string): boolean => /\$|\{\{|\(\(/.test(t)

type Issue = Omit<Finding, 'line'>

function urlIssues(v: ConfigValue): Issue[] {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(v.text)
  if (!m) return []
  const [, scheme = '', authority = ''] = m
  // oslo.messaging lists hosts in one authority: rabbit://u:p@h1:5672,u:p@h2:5672/.
  return authority.split(',').flatMap((part): Issue[] => {
    const hostport = part.slice(part.lastIndexOf('@') + 1)
    if (isTemplate(hostport)) return []
    const rewrite = (fixed: string) => `write ${v.text.replace(hostport, fixed)}`
    if (hostport.startsWith('[')) {
      const u = parseUrlAuthority(`${scheme}://${hostport}`)
      const zone = u.ok ? u.problems.find((p) => p.level === 'error' && p.message.startsWith('zone ID')) : undefined
      return zone ? [{ why: zone.message, fix: rewrite(hostport.replace(/%(?!25)/, '%25')) }] : []
    }
    if (!multiColon(hostport)) return []
    const whole = parseIPv6(hostport)
    const split = portSplit(hostport)
    if (!whole && !split) return []
    // In an authority the idiom is host:port, so a decimal last group is taken for the port.
    const host = split ? split.host : hostport
    const bracketed = `[${host.replace('%', '%25')}]${split ? `:${split.port}` : ''}`
    const also =
      whole && split ? `; unbracketed, ${hostport} is also the address ${whole.address} with no port (RFC 5952 §6)` : ''
    return [{ why: `an IPv6 host in a URL must be in brackets (RFC 3986 §3.2.2)${also}`, fix: rewrite(bracketed) }]
  })
}

function nginxIssue(v: ConfigValue): Issue | undefined {
  const t = v.text
  if (t.startsWith('[') || t.startsWith('unix:') || isTemplate(t) || !multiColon(t)) return undefined
  const whole = parseIPv6(t)
  const split = portSplit(t)
  if (!whole && !split) return undefined
  // listen and upstream servers usually carry a port; a resolver usually does not.
  const fix = split && (!whole || v.key !== 'resolver') ? `[${split.host}]:${split.port}` : `[${t}]`
  return {
    why: `nginx reads the first colon as the port separator (ngx_parse_inet_url) and refuses unbracketed IPv6`,
    fix: `write ${v.key} ${fix}`,
  }
}

function haproxyIssue(v: ConfigValue): Issue | undefined {
  const t = v.text.replace(/^[a-z0-9-]+@/, '') // ipv4@, ipv6@, tcp6@, quic4@…
  if (t.startsWith('[') || isTemplate(t)) return undefined
  const i = t.lastIndexOf(':')
  const host = t.slice(0, i)
  if (i < 0 || !host.includes(':')) return undefined // no port, or IPv4 / name / * with one
  if (host === '::' || parseIPv6(host)) return undefined // haproxy's own syntax: the last colon is the port
  const port = t.slice(i + 1)
  return {
    why: `haproxy takes the last colon as the port (str2sa_range), so ${t} is address "${host}" port ${port || '(none)'}, which is not an address`,
    fix: parseIPv6(t) ? `write [${t}] (no port) or [${t}]:<port>` : `bracket the address: [address]:port`,
  }
}

/**
 * RabbitMQ's listeners (cuttlefish's ip type): split at the last colon, the head parsed by
 * inet:parse_address, which takes no brackets. So `::1:5672` is right and `[::1]:5672` is refused.
 */
function lastColonIssue(v: ConfigValue): Issue | undefined {
  const t = v.text
  const b = /^\[([^\]]*)\](?::(\d+))?$/.exec(t)
  if (b)
    return {
      why: `RabbitMQ reads ${v.key} with cuttlefish's ip type: the last colon is the port and the rest must be a bare address, so brackets are refused`,
      fix: `write ${v.key} = ${b[1]}:${b[2] ?? '<port>'}`,
    }
  if (isTemplate(t) || !multiColon(t) || portSplit(t)) return undefined
  return {
    why: `cuttlefish takes the last colon as the port, so ${t} is address "${t.slice(0, t.lastIndexOf(':'))}" port ${t.slice(t.lastIndexOf(':') + 1)}`,
    fix: `write ${v.key} = ${t}:<port>`,
  }
}

function genericIssue(v: ConfigValue): Issue | undefined {
  const t = v.text
  if (t.startsWith('[') || isTemplate(t) || !multiColon(t) || parseCidr(t)) return undefined
  const split = portSplit(t)
  if (!split) return undefined // a bare address (no port, no brackets needed) or no address at all
  const bracketed = `[${split.host}]:${split.port}`
  const whole = parseIPv6(t)
  if (!whole)
    return { why: `an IPv6 address followed by a port must be bracketed (RFC 5952 §6)`, fix: `write ${bracketed}` }
  const both = `unbracketed, it is also the address ${whole.address} (RFC 5952 §6)`
  if (v.role === 'hostport')
    return { why: `${v.key} takes address:port, so this is ${bracketed}; ${both}`, fix: `write ${bracketed}` }
  if (v.ports?.includes(split.port))
    return {
      why: `its last group ${split.port} is the port that goes with ${v.key} (its service's, or set in its section), so this reads as ${bracketed}; ${both}`,
      fix: `write ${v.key} = ${split.host} (the port has its own option), or ${bracketed} where a port is taken`,
    }
  return undefined
}

export function bracketIssues(v: ConfigValue): Issue[] {
  if (v.role === 'url') return urlIssues(v)
  const one =
    v.role === 'nginx'
      ? nginxIssue(v)
      : v.role === 'haproxy'
        ? haproxyIssue(v)
        : v.role === 'lastcolon'
          ? lastColonIssue(v)
          : genericIssue(v)
  return one ? [one] : []
}

const EXPECTED: Record<string, string> = {
  nginx: 'every IPv6 literal bracketed (nginx reads the first colon as the port)',
  haproxy: 'addresses haproxy reads as meant (its last colon is the port: bracket an IPv6 address)',
}

export const configBrackets = judgeFacts(CONFIG_BRACKETS, (v: HostView): Verdict[] => {
  const check = CONFIG_BRACKETS.id
  return judgeConfigs(
    check,
    v,
    (spec) =>
      EXPECTED[spec.format] ??
      'IPv6 literals followed by a port in brackets ([2001:db8::11]:3260), URL hosts bracketed (RFC 3986 §3.2.2)',
    (f) => {
      const findings = f.parsed.values.flatMap((x) =>
        bracketIssues(x).map((i) =>
          // An oslo.config reference is fixed where it is written: http://[$my_ip]:9292.
          x.written
            ? {
                line: x.line,
                why: `${i.why} (${showValue(x)})`,
                fix: `write ${x.written.replace(/\$(\{[\w.]+\}|[A-Za-z_][\w.]*)/, '[$&]')}`,
              }
            : { line: x.line, ...i },
        ),
      )
      const v6 = f.parsed.values.filter((x) => ipv6Literals(x.text).length).length
      return {
        findings,
        observed: v6
          ? `${v6} value${v6 === 1 ? '' : 's'} with IPv6 literals, all bracketed where a port or URL needs it`
          : 'no IPv6 literal',
      }
    },
  )
})
