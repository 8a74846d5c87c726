// Judges of TCP listeners: who they really accept, with v6only and v4-mapped semantics.
import type { Listener } from '../observe/facts.ts'
import { classifyIPv6, isIPv4, sameAddress, v4FromMapped } from '../net/index.ts'
import { quote } from '../observe/parse/util.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { needs, whereOf, type HostView } from './host-view.ts'
import { LISTENERS_DUAL_STACK, LISTENERS_IPV6, LISTENERS_REACHABLE } from '../checks/hosts/listeners.ts'
import { judgeFacts } from './judged.ts'

const isLoopbackAddr = (a: string): boolean => {
  const v4 = isIPv4(a) ? a : v4FromMapped(a)
  return v4 ? v4.startsWith('127.') : classifyIPv6(a) === 'loopback'
}

/**
 * RFC 3493 §5.3: an AF_INET6 socket on :: takes IPv4 through v4-mapped addresses unless it is
 * v6only; ss -e says so per socket, otherwise net.ipv6.bindv6only is the default.
 */
export function v6only(l: Listener, bindv6only: number | undefined): boolean {
  return l.v6only ?? bindv6only === 1
}

/** Accepts IPv6 clients: an AF_INET6 socket that is not bound to an IPv4 address in v6 notation. */
export const takesIPv6 = (l: Listener): boolean =>
  l.family === 'inet6' && !v4FromMapped(l.address) && !isLoopbackAddr(l.address)

/** Accepts IPv4 clients: an AF_INET socket, a mapped bind, or a dual-stack :: socket. */
export const takesIPv4 = (l: Listener, bindv6only: number | undefined): boolean =>
  !isLoopbackAddr(l.address) &&
  (l.family === 'inet' || !!v4FromMapped(l.address) || (l.address === '::' && !v6only(l, bindv6only)))

/** Any user names a process as they like (newlines, quotes): a name that is not a plain word is shown quoted. */
const processName = (p: string): string => (/^[\w.@:+-]+$/.test(p) ? p : quote(p, 40))

export const showListener = (l: Listener, bindv6only: number | undefined): string => {
  const host = l.family === 'inet6' ? `[${l.address}${l.zone ? `%${l.zone}` : ''}]` : l.address
  const only =
    l.family === 'inet6' && l.address === '::'
      ? ` v6only:${v6only(l, bindv6only) ? 1 : 0}${l.v6only === undefined ? ' (bindv6only)' : ''}`
      : ''
  return `${host}:${l.port}${only}${l.process !== undefined ? ` ${processName(l.process)}${l.pid ? `[${l.pid}]` : ''}` : ''}`
}

/** One wording for one fix, so the summary groups both listener checks under it. */
const BIND_ANY = 'bind `::` instead of 0.0.0.0'

interface Wanted {
  port: number
  service?: string
  address?: string
}

/**
 * The ports to judge: those the targets file names, plus with `auto` every port that is not
 * loopback-only, and every port of a socket ss printed but we could not read (its test is skipped
 * naming that line, so it does not vanish).
 */
function wantedPorts(v: HostView, all: Listener[]): Wanted[] {
  const named = new Map(v.host.listeners.expected.map((w) => [w.port, w]))
  if (v.host.listeners.auto) {
    for (const l of all)
      if (!named.has(l.port) && !isLoopbackAddr(l.address))
        named.set(l.port, { port: l.port, ...(l.process ? { service: processName(l.process) } : {}) })
    const unread = (v.facts.listeners.ok && v.facts.listeners.unreadable) || []
    for (const u of unread)
      if (u.about !== undefined && !named.has(Number(u.about))) named.set(Number(u.about), { port: Number(u.about) })
  }
  return [...named.values()].sort((a, b) => a.port - b.port)
}

/** One socket that takes what the check asks is enough: a line of the same port we could not read cannot undo a pass. */
function judgeListeners(
  check: string,
  v: HostView,
  judge: (w: Wanted, socks: Listener[], b: number | undefined) => Verdict,
): Verdict[] {
  return needs(
    check,
    v,
    ['listeners', 'sysctls'],
    () => {
      const all = v.facts.listeners.ok ? v.facts.listeners.value : []
      const b = v.facts.sysctls.ok ? v.facts.sysctls.value.bindv6only : undefined
      return wantedPorts(v, all).map((w) =>
        judge(
          w,
          all.filter((l) => l.port === w.port),
          b,
        ),
      )
    },
    'pass',
  )
}

const base = (check: string, v: HostView, w: Wanted, expected: string) => ({
  check,
  subject: `${v.host.name}:${w.port}`,
  expected: `${w.service ? `${w.service} ` : ''}${expected}`,
  where: whereOf(v),
})

export const acceptsIPv6 = judgeFacts(LISTENERS_IPV6, (v: HostView): Verdict[] => {
  const check = LISTENERS_IPV6.id
  return judgeListeners(check, v, (w, socks, b) => {
    const want = base(
      check,
      v,
      w,
      w.address ? `listening on [${w.address}]:${w.port} or [::]:${w.port}` : `listening for IPv6 on port ${w.port}`,
    )
    const evidence = socks.map((l) => showListener(l, b)).join('\n')
    if (!socks.length)
      return fail({
        ...want,
        observed: `nothing listens on TCP port ${w.port}`,
        remedy: `start ${w.service ?? 'the service'} and bind it to ::`,
      })
    const good = socks.filter(
      (l) => takesIPv6(l) && (!w.address || l.address === '::' || sameAddress(l.address, w.address)),
    )
    const observed = socks.map((l) => showListener(l, b)).join(', ')
    if (good.length) return pass({ ...want, observed, evidence })
    const mapped = socks.find((l) => v4FromMapped(l.address))
    const why = mapped
      ? `bound to ${mapped.address}, an IPv4 address in IPv6 notation`
      : socks.every((l) => isLoopbackAddr(l.address))
        ? `bound to loopback only (${socks.map((l) => l.address).join(', ')})`
        : socks.every((l) => l.family === 'inet')
          ? `bound to ${socks.map((l) => l.address).join(', ')} only (IPv4)`
          : observed
    return fail({
      ...want,
      observed: why,
      remedy: w.address ? `bind [${w.address}]:${w.port} or [::]:${w.port}` : BIND_ANY,
      evidence,
    })
  })
})

export const dualStack = judgeFacts(LISTENERS_DUAL_STACK, (v: HostView): Verdict[] => {
  const check = LISTENERS_DUAL_STACK.id
  if (v.host.stack !== 'dual-stack') return []
  return judgeListeners(check, v, (w, socks, b) => {
    const want = base(check, v, w, `listening for IPv4 and IPv6 on port ${w.port}`)
    const observed = socks.map((l) => showListener(l, b)).join(', ') || 'nothing listens'
    const v6 = socks.some(takesIPv6)
    const v4 = socks.some((l) => takesIPv4(l, b))
    if (v6 && v4) return pass({ ...want, observed })
    const missing = [v4 ? '' : 'IPv4', v6 ? '' : 'IPv6'].filter(Boolean).join(' and ')
    const v6onlyAny = socks.find((l) => l.address === '::' && v6only(l, b))
    return fail({
      ...want,
      observed: `${observed}: no ${missing}`,
      remedy: v6onlyAny
        ? 'the [::] socket is v6only: add an IPv4 socket beside it, or bind with IPV6_V6ONLY=0'
        : !v6
          ? BIND_ANY
          : 'add an IPv4 socket',
    })
  })
})

export const reachable = judgeFacts(LISTENERS_REACHABLE, (v: HostView): Verdict[] => {
  const check = LISTENERS_REACHABLE.id
  return v.host.listeners.expected.map((w) => {
    const subject = `${v.host.name}:${w.port}`
    const p = v.probes.find((x) => x.port === w.port)
    if (!p)
      return skipped(
        check,
        subject,
        `no IPv6 address to probe for ${v.host.name} (give the host an IPv6 address, or the listener an address)`,
        whereOf(v),
      )
    const where = { ...whereOf(v), address: p.address, ...(p.family ? { family: p.family } : {}) }
    const b = { check, subject, expected: `TCP connect to [${p.address}]:${w.port} over IPv6`, where }
    const how = p.via === 'ssh' ? ': the SSH connection of this observation' : ''
    if (p.ok && p.family === 'IPv6')
      return pass({ ...b, observed: `connected over IPv6 to [${p.remoteAddress}]:${w.port} in ${p.ms} ms${how}` })
    return fail({
      ...b,
      observed: p.ok
        ? `connected over ${p.family ?? 'an unknown family'}, not IPv6`
        : `${p.error ?? 'failed'} after ${p.ms} ms`,
      remedy: `open TCP ${w.port} for IPv6 (ip6tables/nftables, security group) and check that ${w.service ?? 'the service'} binds ::`,
    })
  })
})
