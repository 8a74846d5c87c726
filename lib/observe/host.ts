// Observe one host: one connection, one exec of the observation script, the listener probes.
import { randomBytes } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { isIPv4, parseIPv6, sameAddress } from '../net/index.ts'
import { addressModesOf, type ResolvedHost } from '../targets/resolve.ts'
import { TransportError, type Peer, type Transport } from '../transport/types.ts'
import type { HostObservation, Probe } from './record.ts'
import { tcpProbe } from './probe.ts'
import { TRANSPORTS } from './transports.ts'
import { scrubHost } from './scrub.ts'
import { observationCommand, sudoFailure } from './become.ts'
import { observationScript, splitSections } from './script.ts'
import { sysctlPath } from '../targets/sysctl-path.ts'

export interface ObserveOptions {
  /** Output bound per host: a runaway command cannot eat the runner's memory. */
  maxBytes: number
  probeTimeoutMs: number
}

export const DEFAULTS: ObserveOptions = { maxBytes: 16 * 1024 * 1024, probeTimeoutMs: 3000 }

// Each warning once per run, however many hosts share the key it is about.
const warned = new Set<string>()
function warnOnce(message: string): void {
  if (warned.has(message)) return
  warned.add(message)
  console.error(`v6ready: warning: ${message}`)
}

/**
 * Where to probe a named listener: its own address, else the host's IPv6 address (never an A record).
 * A host named by a name may be an ssh_config alias, which DNS does not know (HostName gives the
 * address): the address its SSH connection reached over IPv6 is the host's, else DNS is asked.
 */
async function probeAddress(
  host: ResolvedHost,
  peer: Promise<Peer | undefined>,
  listenerAddress?: string,
): Promise<string | undefined> {
  if (listenerAddress) return listenerAddress
  if (!host.address) return undefined
  if (parseIPv6(host.address)) return host.address
  if (isIPv4(host.address)) return undefined
  const reached = host.transport === 'ssh' ? await peer : undefined
  if (reached?.family === 'IPv6') return reached.address
  const found = await lookup(host.address, { family: 6, all: true }).catch(() => [])
  return found.map((f) => f.address).find((a) => !a.startsWith('::ffff:'))
}

/**
 * The SSH connection as the probe of its port: the same TCP connect over IPv6 to the same address,
 * already made, so the host's sshd is not made to fork for a second one (nor its log to say so).
 */
function sameConnect(p: Peer | undefined, address: string, port: number): Probe | undefined {
  if (!p || p.family !== 'IPv6' || p.port !== port || !sameAddress(p.address, address)) return undefined
  return { port, address, ok: true, ms: p.ms, family: 'IPv6', remoteAddress: p.address, via: 'ssh' }
}

export async function observeHost(host: ResolvedHost, opts: ObserveOptions = DEFAULTS): Promise<HostObservation> {
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const base = {
    name: host.name,
    transport: host.transport,
    ...(host.address ? { address: host.address } : {}),
    startedAt,
  }
  const nonce = randomBytes(8).toString('hex')
  const named = Object.keys(host.sysctl)
    .map(sysctlPath)
    .filter((p) => !p.startsWith('net/ipv6/conf/'))
  // Settled once the connection is made or has failed: the port it reached needs no probe of its own.
  let connected: (peer: Peer | undefined) => void = () => undefined
  const peer = new Promise<Peer | undefined>((r) => (connected = r))
  const probes = Promise.all(
    host.listeners.expected.map(async (l) => {
      const addr = await probeAddress(host, peer, l.address)
      if (!addr) return []
      // A port ssh_config may set is known only once connected: then every listener waits for the connection.
      const sshPort = host.ssh?.port
      const via =
        host.transport === 'ssh' && (sshPort === undefined || l.port === sshPort)
          ? sameConnect(await peer, addr, l.port)
          : undefined
      return [via ?? (await tcpProbe(addr, l.port, opts.probeTimeoutMs))]
    }),
  ).then((p) => p.flat())
  // Said once per run on stderr, and kept with every host it concerns (observations.json, its hosts.reach.ssh verdict).
  const warnings: string[] = []
  const warn = (message: string) => {
    if (!warnings.includes(message)) warnings.push(message)
    warnOnce(message)
  }
  const withWarnings = () => (warnings.length ? { warnings: [...warnings] } : {})
  const timeoutMs = (host.ssh?.command_timeout ?? 60) * 1000
  const limits = { timeoutMs, maxBytes: opts.maxBytes }
  let transport: Transport | undefined
  try {
    const script = observationScript(nonce, {
      sysctls: named,
      configs: host.configs.map((c) => c.path),
      // A static interface's address is the one network_data.json gives (metadata-script.ts reads it).
      metadata: host.metadata !== undefined || addressModesOf(host).has('static'),
      guest: addressModesOf(host).size > 0,
      containers: host.containers !== undefined,
      ovs: host.configs.some((c) => c.format === 'ini'),
      ...(host.path_mtu && { pathMtu: host.path_mtu }),
    })
    transport = await TRANSPORTS[host.transport](host, warn)
    connected(transport.peer)
    const become = host.ssh?.become
    const r = await transport.exec(observationCommand(become), { stdin: script, ...limits })
    const split = splitSections(r.stdout, nonce)
    // sudo that ran nothing (no fence came back) fails hosts.reach.ssh, naming the user, the host and the fix.
    const refused =
      become && !split.complete && !Object.keys(split.sections).length
        ? sudoFailure(r.stderr, r.code, transport.user ?? 'the SSH user', host.name)
        : undefined
    if (refused)
      throw new TransportError('privilege', refused, {
        host: host.name,
        address: host.address ?? '',
        port: transport.peer?.port ?? 0,
      })
    // Output that stops before the end fence (a timeout, the size bound, a dying shell) stops inside
    // a section. Dropped, that fragment's facts read as missing and their checks are skipped with
    // that reason; kept, a half `ss` would be judged as the host's listeners, and a flood stored.
    const sections = { ...split.sections }
    if (split.cut) delete sections[split.cut]
    return scrubHost({
      ...base,
      ok: true,
      durationMs: Math.round(performance.now() - t0),
      sections,
      ...(split.noise ? { noise: split.noise } : {}),
      complete: split.complete && !r.timedOut,
      truncated: r.truncated,
      ...(r.timedOut ? { timedOut: true } : {}),
      limits,
      exitCode: r.code,
      ...(r.stderr ? { stderr: r.stderr.slice(0, 4096) } : {}),
      ...withWarnings(),
      probes: await probes,
    })
  } catch (e) {
    connected(undefined)
    const te = e instanceof TransportError ? e : undefined
    return scrubHost({
      ...base,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
      ...(te ? { errorKind: te.kind } : {}),
      // With a transport in hand the host was reached: the transport failed during the observation.
      ...(te ? { lostIn: transport ? ('observe' as const) : ('connect' as const) } : {}),
      durationMs: Math.round(performance.now() - t0),
      sections: {},
      complete: false,
      truncated: false,
      ...withWarnings(),
      probes: await probes,
    })
  } finally {
    await transport?.close().catch(() => undefined)
  }
}
