// The scale lab (`lab:up -- --hosts N`): N light hosts beside the default lab, for the hosts
// benchmark (bench/hosts.ts). Each is a namespace on br-mgmt, IPv6 only, with
//   eth0  2001:db8:0:1:5ca1::<i>/64 static, its default route from the router's RA (accept_ra 1),
//   eth1  2001:db8:5ca1:<i>::1/64 static, a storage-like link with no router (accept_ra 0),
// its sshd, and its second listener (port 9100), which one process holds for every host
// (services/scale-listen.py): it accepts and closes as an exporter would, where an sshd on the
// port forked and re-executed itself for every probe (33 ms of the host's CPU). Its mount
// namespace has only a private /run and the lab's resolv.conf bound over the machine's: nothing
// else a scale host's checks read differs by host. Its PID namespace is its own, so its `ss -p`
// walks its own processes, not the whole lab's.
//
// Seeded faults (none under --clean), each the scale twin of a default-lab fault:
//   every 10th host forwards with accept_ra 1, so the kernel ignores RAs: no default route (cmp's);
//   every 7th host holds 9100 on 0.0.0.0 only (ctl's cinder-api).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mapLimit } from '../lib/util/map-limit.ts'
import type { Finding } from './faults.ts'
import { DOMAIN, ns, RTR } from './plan.ts'
import { daemon, ipBatch, sh, waitFor } from './proc.ts'
import { clientKey, KNOWN_HOSTS, launchSshd, sessionPrelude } from './sshd.ts'
import { LAB_DIR, statePath } from './state.ts'

/** br-mgmt holds the scale hosts beside the default lab's 6 ports; a bridge takes 1,024 (BR_MAX_PORTS, net/bridge/br_private.h). */
export const MAX_SCALE_HOSTS = 1000
export const SCALE_ROLE = 'scale'
export const SCALE_LISTENER = { port: 9100, service: 'node-exporter' } as const

export interface ScaleHost {
  name: string
  index: number
  /** eth0's address: where SSH connects. */
  address: string
  /** eth1's address. */
  storage: string
  faults: { raIgnored: boolean; v4Listener: boolean }
}

/** The plan for N hosts, s0001 … sNNNN; `clean`: no seeded fault. */
export function scaleHosts(n: number, clean: boolean): ScaleHost[] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SCALE_HOSTS)
    throw new Error(`lab: --hosts takes 1 to ${MAX_SCALE_HOSTS}, not ${n}`)
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1
    return {
      name: `s${String(i).padStart(4, '0')}`,
      index: i,
      address: `2001:db8:0:1:5ca1::${i.toString(16)}`,
      storage: `2001:db8:5ca1:${i.toString(16)}::1`,
      faults: { raIgnored: !clean && i % 10 === 0, v4Listener: !clean && i % 7 === 0 },
    }
  })
}

/** What each seeded fault is, for faults.json. */
export function scaleFaults(hosts: ScaleHost[]): { id: string; what: string; findings: Finding[] }[] {
  return hosts.flatMap((h) => [
    ...(h.faults.raIgnored
      ? [
          {
            id: `scale-ra-ignored-by-forwarding:${h.name}`,
            what: `${h.name} forwards and takes its default route from RAs on eth0, but accept_ra is 1, which the kernel ignores while forwarding is on`,
            findings: [
              { check: 'hosts.sysctl.accept-ra', subject: `${h.name}:eth0` },
              { check: 'hosts.route.default', subject: h.name },
            ],
          },
        ]
      : []),
    ...(h.faults.v4Listener
      ? [
          {
            id: `scale-v4-only-listener:${h.name}`,
            what: `${SCALE_LISTENER.service} on the IPv6-only ${h.name} listens on 0.0.0.0:${SCALE_LISTENER.port} only`,
            findings: [
              { check: 'hosts.listeners.ipv6', subject: `${h.name}:${SCALE_LISTENER.port}` },
              { check: 'hosts.listeners.reachable', subject: `${h.name}:${SCALE_LISTENER.port}` },
            ],
          },
        ]
      : []),
  ])
}

export const scaleFindings = (hosts: ScaleHost[]): Finding[] => scaleFaults(hosts).flatMap((f) => f.findings)

/** The role every scale host has, as targets.yaml writes it. */
export const scaleRole = (): Record<string, unknown> => ({
  stack: 'ipv6-only',
  listeners: [{ port: 22, service: 'sshd' }, SCALE_LISTENER],
})

/** The hosts as targets.yaml lists them. */
export const scaleTargetHosts = (hosts: ScaleHost[]): Record<string, unknown>[] =>
  hosts.map((h) => ({
    name: h.name,
    address: h.address,
    roles: [SCALE_ROLE],
    interfaces: {
      eth0: { ipv6: 'required', addresses: [`${h.address}/64`], accept_ra: true },
      eth1: { ipv6: 'required', addresses: [`${h.storage}/64`], accept_ra: false },
    },
  }))

/** At most this many spawns at once: 2 cores do not gain from 200 at a time. */
const SPAWN_LANES = 8

/** Sysctls before the links exist, so each interface is born with them (as topology.ts does). */
const bornWith = (h: ScaleHost): Record<string, number> => ({
  'net.ipv6.conf.all.accept_redirects': 0,
  'net.ipv6.conf.default.accept_redirects': 0,
  'net.ipv6.conf.default.autoconf': 0,
  'net.ipv6.conf.default.accept_ra': 0,
  'net.ipv6.conf.all.forwarding': h.faults.raIgnored ? 1 : 0,
})

/** The listener lines of the host's sshd: 22 on [::] (v6only, as sshd binds) and 0.0.0.0. */
const listenLines = [
  // Room for a parallel client's burst of connections (pytest-xdist workers all starting on one
  // host): the default 10:30:100 turns some away with "kex_exchange_identification: reset".
  'MaxStartups 200',
  'ListenAddress [::]:22',
  'ListenAddress 0.0.0.0:22',
]

/** scale-listen.py's spec for the host's 9100: [::] (v6only), or 0.0.0.0 only where seeded. */
const listenerSpec = (h: ScaleHost): string =>
  `${ns(h.name)}=${h.faults.v4Listener ? '0.0.0.0' : '[::]'}:${SCALE_LISTENER.port}`

/**
 * Build the scale hosts into a running lab (after the default lab's topology, routers and sshd):
 * namespaces in one `ip -batch`, veths in another, then each host's sysctls and addresses in one
 * shell, and its sshd.
 */
export async function buildScale(hosts: ScaleHost[]): Promise<number> {
  const t0 = performance.now()
  await roomForNeighbours(hosts.length)
  await ipBatch(
    null,
    hosts.map((h) => `netns add ${ns(h.name)}`),
  )
  await mapLimit(hosts, SPAWN_LANES, (h) =>
    sh('ip', [
      'netns',
      'exec',
      ns(h.name),
      'sysctl',
      '-q',
      '-w',
      ...Object.entries(bornWith(h)).map(([k, v]) => `${k}=${v}`),
    ]),
  )
  // eth1's far end sits in the switch on no bridge, up, as cmp's tun0: a link with carrier and no router.
  await ipBatch(
    null,
    hosts.flatMap((h) =>
      ['eth0', 'eth1'].map(
        (i) => `link add ${h.name}-${i} netns ${ns('sw')} type veth peer name ${i} netns ${ns(h.name)}`,
      ),
    ),
  )
  await ipBatch(
    ns('sw'),
    hosts.flatMap((h) => [`link set ${h.name}-eth0 master br-mgmt up`, `link set ${h.name}-eth1 up`]),
  )
  await mapLimit(hosts, SPAWN_LANES, (h) =>
    sh('ip', ['netns', 'exec', ns(h.name), 'sh', '-c', 'sysctl -q -w net.ipv6.conf.eth0.accept_ra=1 && ip -batch -'], {
      input: [
        'link set lo up',
        `addr add ${h.address}/64 dev eth0 nodad`,
        `addr add ${h.storage}/64 dev eth1 nodad`,
        'link set eth0 up',
        'link set eth1 up',
        '',
      ].join('\n'),
    }),
  )
  const etc = statePath('scale')
  mkdirSync(etc, { recursive: true })
  writeFileSync(`${etc}/resolv.conf`, `nameserver ${RTR.dns}\nsearch ${DOMAIN}\n`)
  await clientKey()
  const known = await mapLimit(hosts, SPAWN_LANES, (h) =>
    launchSshd({
      name: h.name,
      address: h.address,
      extra: listenLines,
      ownPids: true,
      command: (config) =>
        [
          ...sessionPrelude(h.name),
          `mount --bind ${etc}/resolv.conf /etc/resolv.conf`,
          `exec /usr/sbin/sshd -D -e -f ${config}`,
        ].join(' && '),
    }),
  )
  appendFileSync(KNOWN_HOSTS, known.join('\n') + '\n')
  daemon('scale-listen', ['python3', join(LAB_DIR, 'services', 'scale-listen.py'), ...hosts.map(listenerSpec)])
  await settleScale(hosts)
  return (performance.now() - t0) / 1000
}

/**
 * The kernel's IPv6 neighbour table is one for all namespaces, and its gc_thresh sysctls are set
 * only in the root namespace (ip-sysctl.rst, neigh/default). Each scale host holds an entry for the
 * router and the runner, and they one for each host: at 1,000 hosts the default gc_thresh3 of 1024
 * overflows ("neighbor table overflow!") and connections stall. Raised, never lowered.
 */
async function roomForNeighbours(n: number): Promise<void> {
  const want = { gc_thresh1: 4 * n, gc_thresh2: 8 * n, gc_thresh3: 16 * n }
  for (const [key, value] of Object.entries(want)) {
    const name = `net.ipv6.neigh.default.${key}`
    const now = Number((await sh('sysctl', ['-n', name])).trim())
    if (now < value) await sh('sysctl', ['-q', '-w', `${name}=${value}`])
  }
}

/** Every host's ports are held, and every host that should have a default route from the RA has one. */
async function settleScale(hosts: ScaleHost[]): Promise<void> {
  const pending = new Set(hosts.map((h) => h.name))
  await waitFor(
    `the scale hosts' listeners and RA default routes (${pending.size} hosts)`,
    async () => {
      await mapLimit([...pending], SPAWN_LANES, async (name) => {
        const h = hosts.find((x) => x.name === name) as ScaleHost
        const out = await sh('ip', [
          'netns',
          'exec',
          ns(name),
          'sh',
          '-c',
          'ss -Htln; echo @@; ip -6 route show default',
        ]).catch(() => '')
        const [ss = '', route = ''] = out.split('@@')
        const ports = ss.split('\n').map((l) => l.trim().split(/\s+/)[3] ?? '')
        const listening = [22, SCALE_LISTENER.port].every((p) => ports.some((a) => a.endsWith(`:${p}`)))
        if (listening && (h.faults.raIgnored || route.includes('proto ra'))) pending.delete(name)
      })
      return pending.size === 0
    },
    // Measured: 200 hosts settle within seconds of their sshd; a minute plus 60 ms per host.
    60_000 + 60 * hosts.length,
    250,
  )
}
