// hosts.container.* on real captures (test/fixtures/observe/container/capture.sh). The Docker host
// `ctr` has eth0 2001:db8:0:1::41/64 (forwarding 1, proxy_ndp 1), docker0 2001:db8:0:1:242::1/80 and
// containers c1 2001:db8:0:1:242:242:ac11:2 and c2 …:3 (MACs 02:42:ac:11:00:02 and :03, as Docker
// derives them); the routed host has eth0 2001:db8:0:3::42/64 and docker0 2001:db8:0:2::1/64.
// Variants are made the way the privacy tests make them: one part or sysctl replaced, said where.
import { describe, expect, test } from 'vitest'
import { containerCidr, daemonIpv6, ndpProxy, noNat66 } from '../../../lib/judge/container.ts'
import type { HostJudge } from '../../../lib/judge/host-view.ts'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { containerFacts, parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { parseParts, partOf, type Part } from '../../../lib/observe/parse/parts.ts'
import { CONTAINER_PARTS } from '../../../lib/observe/parts-script.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, outcomes, view, withConf } from './view.ts'

/** The containers section's parts of each capture loaded, so that a test can replace one. */
const partsOf = new WeakMap<HostFacts, Part[]>()
function load(name: string): HostFacts {
  const sections = splitSections(fixture(`container/${name}`), 'fixture1').sections
  const f = parseHostFacts(sections)
  partsOf.set(f, parseParts(sections.containers ?? ''))
  return f
}
const proxyHost = load('docker-host.ndp-proxy.txt')
const missingHost = load('docker-host.ndp-proxy-missing.txt')
const routedHost = load('routed-host.clean.txt')

const C1 = '2001:db8:0:1:242:242:ac11:2'
const C2 = '2001:db8:0:1:242:242:ac11:3'

type Mode = NonNullable<ResolvedHost['containers']>['mode']
const ctr = (mode: Mode = 'ndp-proxy'): ResolvedHost =>
  host({ name: 'ctr', roles: ['container-host'], containers: { runtime: 'docker', mode } })
const judge = (j: HostJudge, f: HostFacts, mode: Mode = 'ndp-proxy') => j(view(ctr(mode), f))
const one = (j: HostJudge, f: HostFacts, mode: Mode = 'ndp-proxy') => {
  const vs = judge(j, f, mode)
  expect(vs).toHaveLength(1)
  return vs[0]!
}

/** The facts with one containers part's output replaced (status 0 unless given), parsed as an observation's are. */
function withPart(f: HostFacts, label: string, text: string, exit = 0): HostFacts {
  const parts = partsOf.get(f)
  if (!parts) throw new Error('withPart takes the facts of a capture that load() read')
  const replaced: Part = { label, text, exit, truncated: false }
  const value = parts.some((p) => p.label === label)
    ? parts.map((p) => (p.label === label ? replaced : p))
    : [...parts, replaced]
  const g: HostFacts = { ...f, containers: { ok: true, value: containerFacts(value) } }
  partsOf.set(g, value)
  return g
}
/** One part's text as the capture holds it. */
function partText(f: HostFacts, label: string): string {
  const p = partsOf.get(f)?.find((x) => x.label === label)
  if (!p) throw new Error(`no part ${label} in the capture`)
  return p.text
}
const withDaemon = (f: HostFacts, variant: string) =>
  withPart(f, CONTAINER_PARTS.daemonJson, fixture(`container/${variant}`))

describe('only container hosts are judged', () => {
  test.for([daemonIpv6, containerCidr, noNat66, ndpProxy].map((j) => [j.name, j] as const))(
    '%s: no containers expectation, no verdict',
    ([, j]) => {
      expect(j(view(host({ name: 'ctr' }), proxyHost))).toEqual([])
    },
  )

  test('ndp-proxy gives no verdict in routed mode: routed containers need no proxy', () => {
    expect(judge(ndpProxy, routedHost, 'routed')).toEqual([])
    expect(judge(ndpProxy, proxyHost, 'routed')).toEqual([])
  })
})

describe('hosts.container.daemon-ipv6', () => {
  test('"ipv6": true with a fixed-cidr-v6 passes', () => {
    const v = one(daemonIpv6, proxyHost)
    expect(v).toMatchObject({
      subject: 'ctr',
      ok: true,
      observed: '"ipv6": true, "fixed-cidr-v6": "2001:db8:0:1:242::/80"',
    })
    expect(v.skip).toBeUndefined()
  })

  test('no daemon.json fails: dockerd defaults to "ipv6": false', () => {
    const v = one(daemonIpv6, load('docker-host.no-tools.txt'))
    expect(v.ok).toBe(false)
    expect(v.observed).toMatch(/^no \/etc\/docker\/daemon\.json: dockerd runs with "ipv6" false/)
    expect(v.evidence).toBe('cat: /etc/docker/daemon.json: No such file or directory')
  })

  test('invalid JSON fails, naming the parse error', () => {
    const v = one(daemonIpv6, withDaemon(proxyHost, 'daemon.invalid.json'))
    expect(v.ok).toBe(false)
    expect(v.observed).toMatch(
      /^\/etc\/docker\/daemon\.json is not valid JSON: Expected double-quoted property name in JSON at position 62.*: dockerd refuses to start with it$/,
    )
    expect(v.remedy).toMatch(/^fix the file \(not valid JSON: /)
  })

  test('daemon.ipv6-false.json fails: "ipv6" is false', () => {
    const v = one(daemonIpv6, withDaemon(proxyHost, 'daemon.ipv6-false.json'))
    expect(v).toMatchObject({ ok: false, observed: '"ipv6" is false' })
    expect(v.remedy).toBe(
      'set "ipv6": true and "fixed-cidr-v6": "<prefix>/80" in /etc/docker/daemon.json, then restart dockerd',
    )
  })

  test('"ipv6": "true" is a string dockerd refuses', () => {
    const v = one(
      daemonIpv6,
      withPart(proxyHost, CONTAINER_PARTS.daemonJson, '{"ipv6": "true", "fixed-cidr-v6": "2001:db8:0:1:242::/80"}'),
    )
    expect(v).toMatchObject({ ok: false, observed: '"ipv6" is "true", not a JSON boolean (dockerd refuses it)' })
  })

  test('an unreadable daemon.json is not judged', () => {
    const v = one(
      daemonIpv6,
      withPart(proxyHost, CONTAINER_PARTS.daemonJson, 'cat: /etc/docker/daemon.json: Permission denied\n', 1),
    )
    expect(v.skip).toBe('/etc/docker/daemon.json: cat exited 1: "cat: /etc/docker/daemon.json: Permission denied"')
  })
})

describe('hosts.container.cidr', () => {
  test('ndp-proxy: a /80 inside the uplink /64 passes and says which uplink', () => {
    const v = one(containerCidr, proxyHost)
    expect(v).toMatchObject({
      subject: 'ctr',
      ok: true,
      observed:
        "2001:db8:0:1:242::/80 (a /80), inside eth0's on-link 2001:db8:0:1::/64: the prefix the NDP proxy answers for",
    })
    // docker0 holds the prefix's gateway: it is the bridge, not a link the prefix may overlap.
    expect(v.evidence).toBe(
      'fixed-cidr-v6 2001:db8:0:1:242::/80 = 2001:db8:0:1:242::/80; bridge docker0\non-link 2001:db8:0:1::/64 dev eth0',
    )
  })

  test('a /96 fails, and the finding says why /80 is the floor', () => {
    const v = one(containerCidr, withDaemon(proxyHost, 'daemon.prefix-96.json'))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      "fixed-cidr-v6 2001:db8:0:1:242::/96 is a /96: it leaves 32 bits, and Docker puts the container's 48-bit MAC in the last 48, so /80 is the longest prefix that fits (128 - 48)",
    )
    expect(v.remedy).toBe('give fixed-cidr-v6 a /80 (or a shorter prefix); then restart dockerd')
  })

  // The boundary: /80 is the longest prefix that holds a 48-bit MAC. daemon.json's prefix replaced.
  test.for([
    [79, true],
    [80, true],
    [81, false],
  ] as const)('ndp-proxy: fixed-cidr-v6 2001:db8:0:1:242::/%i inside the uplink /64: ok %s', ([len, ok]) => {
    const daemon = `{"ipv6": true, "fixed-cidr-v6": "2001:db8:0:1:242::/${len}"}`
    const v = one(containerCidr, withPart(proxyHost, CONTAINER_PARTS.daemonJson, daemon))
    expect(v.ok).toBe(ok)
    if (ok) expect(v.observed).toMatch(new RegExp(`^2001:db8:0:1:242::/${len} \\(a /${len}\\), inside eth0's`))
    else expect(v.observed).toMatch(/is a \/81: it leaves 47 bits/)
  })

  test('routed: a prefix on no link of the host passes', () => {
    expect(one(containerCidr, routedHost, 'routed')).toMatchObject({
      ok: true,
      observed: '2001:db8:0:2::/64 (a /64), disjoint from eth0 2001:db8:0:3::/64',
    })
  })

  test("routed: a prefix inside the uplink's /64 overlaps it and fails", () => {
    const v = one(containerCidr, proxyHost, 'routed')
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      "2001:db8:0:1:242::/80 overlaps eth0's on-link 2001:db8:0:1::/64: on that link these addresses are on-link, so they are asked for by Neighbor Solicitation, not routed to this host",
    )
  })

  test("ndp-proxy: a prefix on no uplink's link fails: there is nothing for the proxy to answer on", () => {
    const v = one(containerCidr, routedHost, 'ndp-proxy')
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      "2001:db8:0:2::/64 is inside no uplink's on-link prefix (eth0 2001:db8:0:3::/64): an NDP proxy answers only for addresses on the uplink's own prefix",
    )
  })

  test.for(['daemon.ipv6-false.json', 'daemon.no-fixed-cidr.json', 'daemon.invalid.json'])(
    '%s: not judged, pointing at hosts.container.daemon-ipv6',
    (variant) => {
      const v = one(containerCidr, withDaemon(proxyHost, variant))
      expect(v.skip).toMatch(/^no usable fixed-cidr-v6 \(.+\): see hosts\.container\.daemon-ipv6$/)
    },
  )
})

// "ipv6": true without "fixed-cidr-v6" is judged by dockerd's release: Engine 28.0 gives the default
// bridge a pool subnet (moby/moby#48319), older ones none. The captures hold Debian 12's real
// `dockerd --version` (20.10.24); the 28.x lines are Docker's documented output format as a
// README of a project running dockerd 28.1.1 shows it ("Docker version 28.1.1, build 01f442b").
describe('hosts.container.* by dockerd release, for "ipv6": true without "fixed-cidr-v6"', () => {
  const noCidr = (f: HostFacts) => withDaemon(f, 'daemon.no-fixed-cidr.json')
  const dockerd = (f: HostFacts, version: string) =>
    withPart(f, CONTAINER_PARTS.dockerdVersion, `Docker version ${version}, build 01f442b\n`)

  test("Debian 12's dockerd 20.10.24: fails, naming the release, with fixed-cidr-v6 or an upgrade as the fix", () => {
    const v = one(daemonIpv6, noCidr(proxyHost))
    expect(v).toMatchObject({
      ok: false,
      observed:
        'no "fixed-cidr-v6", which dockerd 20.10.24+dfsg1 needs: before Docker Engine 28.0 the default bridge takes no IPv6 subnet without it',
      remedy:
        'set "ipv6": true and "fixed-cidr-v6": "<prefix>/80" in /etc/docker/daemon.json, then restart dockerd (or run Docker Engine 28.0 or later, where "ipv6": true alone gives the default bridge a subnet)',
    })
    expect(v.evidence).toContain('Docker version 20.10.24+dfsg1, build 5d6db84')
    // The prefix checks point at this one.
    expect(one(containerCidr, noCidr(proxyHost)).skip).toBe(
      'no usable fixed-cidr-v6 (no "fixed-cidr-v6"): see hosts.container.daemon-ipv6',
    )
  })

  test.for([
    ['27.5.1', false],
    ['28.0.0', true],
    ['28.1.1', true],
    ['29.0.0', true],
  ] as const)(
    'dockerd %s: daemon-ipv6 ok = %s (28.0 is the first release that takes "ipv6": true alone)',
    ([version, ok]) => {
      expect(one(daemonIpv6, dockerd(noCidr(proxyHost), version)).ok).toBe(ok)
    },
  )

  test("dockerd 28.1.1: daemon-ipv6 passes, and cidr fails in both modes: the bridge's ULA is routed to no one", () => {
    const f = dockerd(noCidr(proxyHost), '28.1.1')
    expect(one(daemonIpv6, f)).toMatchObject({
      ok: true,
      observed:
        '"ipv6": true without "fixed-cidr-v6": dockerd 28.1.1 gives the default bridge a subnet from "default-address-pools" (hosts.container.cidr judges where it lies)',
    })
    const routed = one(containerCidr, f, 'routed')
    expect(routed).toMatchObject({
      ok: false,
      expected: '"fixed-cidr-v6": a prefix routed to this host (routed mode)',
      remedy:
        'set "fixed-cidr-v6": "<a prefix routed to this host>/80" in /etc/docker/daemon.json, then restart dockerd',
    })
    expect(routed.observed).toContain('no router routes to this host')
    expect(routed.evidence).toContain('Docker version 28.1.1')
    const proxy = one(containerCidr, f, 'ndp-proxy')
    expect(proxy).toMatchObject({
      ok: false,
      expected: '"fixed-cidr-v6": a prefix inside the uplink\'s /64 (ndp-proxy mode)',
    })
    expect(proxy.observed).toContain("the uplink's router never asks this host for")
    expect(one(ndpProxy, f).skip).toBe(
      'no "fixed-cidr-v6": dockerd 28.1.1 gives the default bridge a pool subnet, which no NDP proxy answers for: see hosts.container.cidr',
    )
  })

  test('dockerd 28.1.1 with an IPv6 base in default-address-pools: which subnet it took is not in daemon.json, so cidr says so', () => {
    const f = dockerd(
      withPart(
        proxyHost,
        CONTAINER_PARTS.daemonJson,
        '{"ipv6": true, "default-address-pools": [{"base": "172.17.0.0/16", "size": 24}, {"base": "2001:db8:0:1::/64", "size": 80}]}',
      ),
      '28.1.1',
    )
    expect(one(daemonIpv6, f).ok).toBe(true)
    expect(one(containerCidr, f).skip).toBe(
      'no "fixed-cidr-v6": dockerd 28.1.1 takes the default bridge\'s subnet from "default-address-pools" (2001:db8:0:1::/64), and which one it took is not in /etc/docker/daemon.json; set "fixed-cidr-v6" to have it judged',
    )
  })

  test('dockerd not found: fails as before 28.0, saying the release was not read', () => {
    const f = withPart(
      noCidr(proxyHost),
      CONTAINER_PARTS.dockerdVersion,
      "env: 'dockerd': No such file or directory\n",
      127,
    )
    expect(one(daemonIpv6, f).observed).toBe(
      'no "fixed-cidr-v6", which dockerd (its version not read: dockerd --version: no dockerd ("env: \'dockerd\': No such file or directory")) needs: before Docker Engine 28.0 the default bridge takes no IPv6 subnet without it',
    )
  })

  test('"fixed-cidr-v6" set: judged as written whatever the release', () => {
    expect(one(daemonIpv6, dockerd(proxyHost, '28.1.1'))).toMatchObject({
      ok: true,
      observed: '"ipv6": true, "fixed-cidr-v6": "2001:db8:0:1:242::/80"',
    })
  })
})

describe('hosts.container.no-nat66', () => {
  test("a clean host passes; Docker's IPv4 masquerade (table ip nat) is not NAT66", () => {
    const v = one(noNat66, routedHost, 'routed')
    expect(v).toMatchObject({
      subject: 'ctr',
      ok: true,
      observed: 'no IPv6 NAT rule in ip6tables-save -t nat or nft -j list ruleset',
    })
    expect(v.skip).toBeUndefined()
  })

  test('an ip6tables MASQUERADE fails: one verdict for the host, each source listing the rule', () => {
    const v = one(noNat66, load('docker-host.ip6tables-nat66.txt'))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'ip6tables-save -t nat: -A POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE | nft -j list ruleset: table ip6 nat chain POSTROUTING: oifname != "docker0" ip6 saddr 2001:db8:0:1:242::/80 counter packets 0 bytes 0 xt target MASQUERADE (iptables-nft, the same rule as ip6tables lists)',
    )
    // Deleting it with ip6tables removes both views; daemon.json has "ip6tables": true, so dockerd would add it back.
    expect(v.remedy).toBe(
      'ip6tables -t nat -D POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE; dockerd adds it again at start while daemon.json has "ip6tables": true, so set that to false; route fixed-cidr-v6 to the host or proxy NDP for it instead',
    )
  })

  test('an nft table ip6 nat masquerade and an inet snat ip6 fail; the inet IPv4 rules are not listed', () => {
    const v = one(noNat66, load('docker-host.nft-nat66.txt'))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'nft -j list ruleset: table ip6 nat chain postrouting: ip6 saddr 2001:db8:0:1:242::/80 oifname != "docker0" masquerade; table inet nat chain postrouting: ip6 saddr 2001:db8:0:1:243::/80 snat ip6 to 2001:db8:0:1::41',
    )
    expect(v.remedy).toMatch(
      /^nft delete rule ip6 nat postrouting handle 2; nft delete rule inet nat postrouting handle 2; /,
    )
    expect(v.evidence).toContain(
      "ip6tables-save -t nat: Table `nat' contains incompatible base-chains, use 'nft' tool to list them.",
    )
  })

  test('nft not installed: judged on ip6tables-save alone, and says so', () => {
    const v = one(noNat66, load('docker-host.ip6tables-nat66.no-nft.txt'))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'ip6tables-save -t nat: -A POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE (not read: nft -j list ruleset: not installed ("sh: 15: nft: not found"))',
    )
  })

  test('neither tool installed: not judged, with the reason', () => {
    expect(one(noNat66, load('docker-host.no-tools.txt')).skip).toBe(
      'neither ip6tables-save nor nft is installed, so there are no NAT rules to read: ip6tables-save -t nat: not installed ("sh: 15: ip6tables-save: not found"); nft -j list ruleset: not installed ("sh: 15: nft: not found")',
    )
  })

  test('observed as a user other than root: not judged, with the reason', () => {
    const v = one(noNat66, load('docker-host.non-root.txt'))
    expect(v.skip).toMatch(/^not readable by user nobody \(uid 65534\): both tools need root \(set ssh.become: sudo/)
    expect(v.skip).toContain('Permission denied (you must be root)')
  })

  test('legacy ip6tables tables hide their rules from both tools: not judged, pointing at ip6tables-legacy-save', () => {
    expect(one(noNat66, load('docker-host.legacy-nat66.txt')).skip).toBe(
      'ip6tables-save -t nat warns that ip6tables-legacy tables are present: their rules show in neither ip6tables-save -t nat (nf_tables) nor nft; read them with ip6tables-legacy-save -t nat',
    )
  })
})

describe('hosts.container.ndp-proxy', () => {
  test('forwarding, proxy_ndp and a proxy entry for each container: passes on ctr:eth0', () => {
    const v = one(ndpProxy, proxyHost)
    expect(v).toMatchObject({
      subject: 'ctr:eth0',
      ok: true,
      observed: `forwarding = 1 and proxy_ndp = 1 on eth0, proxy_ndp = 0 in all; proxy entries on eth0 for every container seen (2): ${C1}, ${C2}`,
      where: { host: 'ctr', interface: 'eth0' },
    })
    expect(v.skip).toBeUndefined()
    // Only the uplink has proxy_ndp: multicast solicitations are answered, unicast NUD probes are not.
    expect(v.evidence).toContain(
      'note: conf.all.proxy_ndp = 0: unicast NUD probes for the containers are forwarded, not answered',
    )
  })

  test('a neighbour on the uplink itself is not a container, whatever its address', () => {
    // c2's entry as if it had been learned on eth0: a host on the link, which no proxy entry is for.
    const neigh = partText(missingHost, CONTAINER_PARTS.neigh)
    const c2 = `"dst":"${C2}","dev":"docker0"`
    expect(neigh).toContain(c2)
    const f = withPart(missingHost, CONTAINER_PARTS.neigh, neigh.replace(c2, `"dst":"${C2}","dev":"eth0"`))
    expect(one(ndpProxy, f)).toMatchObject({
      ok: true,
      observed: `forwarding = 1 and proxy_ndp = 1 on eth0, proxy_ndp = 0 in all; proxy entries on eth0 for every container seen (1): ${C1}`,
    })
  })

  test('one proxy entry missing: fails, naming the container address and the command that adds it', () => {
    const v = one(ndpProxy, missingHost)
    expect(v).toMatchObject({
      subject: 'ctr:eth0',
      ok: false,
      observed: `no proxy entry on eth0 for ${C2} (a container on docker0)`,
      where: { host: 'ctr', interface: 'eth0', address: C2 },
    })
    expect(v.remedy).toMatch(new RegExp(`^ip -6 neigh add proxy ${C2} dev eth0 \\(`))
    expect(v.remedy).not.toContain(C1)
  })

  test('one proxy entry missing while a proxy entry could not be read: skipped naming that entry, not failed on a guess', () => {
    const proxy = partOf(partsOf.get(missingHost) ?? [], CONTAINER_PARTS.proxyNeigh)!.text
    const f = withPart(
      missingHost,
      CONTAINER_PARTS.proxyNeigh,
      proxy.replace(/^\[/, '[{"dst":"2001:db8:0:1:242:242:ac11:zz","dev":"eth0","proxy":null},'),
    )
    const v = one(ndpProxy, f)
    expect(v.skip).toBe(
      `could not read ${CONTAINER_PARTS.proxyNeigh} entry 0: no IPv6 dst and dev: "{\\"dst\\":\\"2001:db8:0:1:242:242:ac11:zz\\",\\"dev\\":\\"eth0\\",\\"proxy\\":null}"`,
    )
  })

  test('proxy_ndp in all instead of on the uplink is enough (ndisc_recv_ns: all || interface)', () => {
    expect(one(ndpProxy, withConf(proxyHost, { eth0: { proxy_ndp: '0' }, all: { proxy_ndp: '1' } })).ok).toBe(true)
  })

  test('proxy_ndp off on the uplink and in all: fails', () => {
    const v = one(ndpProxy, withConf(proxyHost, { eth0: { proxy_ndp: '0' } }))
    expect(v).toMatchObject({
      ok: false,
      observed: 'proxy_ndp = 0 on eth0 and 0 in all: Neighbor Solicitations for the containers go unanswered',
    })
    expect(v.remedy).toMatch(/^sysctl -w net\.ipv6\.conf\.eth0\.proxy_ndp=1 /)
  })

  test('an uplink that does not forward proxies nothing, whatever proxy_ndp says', () => {
    const v = one(ndpProxy, withConf(proxyHost, { eth0: { forwarding: '0' }, all: { proxy_ndp: '1' } }))
    expect(v).toMatchObject({
      ok: false,
      observed: 'forwarding = 0 on eth0: the kernel proxies NDP only on an interface that forwards',
    })
  })

  test('no container seen: not judged, with that reason', () => {
    // The routed host's real neighbour table: its container is outside this host's prefix.
    const f = withPart(proxyHost, CONTAINER_PARTS.neigh, partText(routedHost, CONTAINER_PARTS.neigh))
    expect(one(ndpProxy, f).skip).toBe(
      'no container seen: no neighbour entry inside 2001:db8:0:1:242::/80 on docker0 (a container shows there once it has sent a packet)',
    )
    // Proxying switched off is a finding with or without containers.
    expect(one(ndpProxy, withConf(f, { eth0: { proxy_ndp: '0' } })).ok).toBe(false)
  })

  test('no usable fixed-cidr-v6: not judged, pointing at hosts.container.daemon-ipv6', () => {
    expect(outcomes(judge(ndpProxy, load('docker-host.no-tools.txt')))).toEqual({ ctr: 'skip' })
    expect(one(ndpProxy, load('docker-host.no-tools.txt')).skip).toBe(
      'no usable fixed-cidr-v6 (no /etc/docker/daemon.json): see hosts.container.daemon-ipv6',
    )
  })
})
