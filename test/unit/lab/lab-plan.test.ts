import { describe, expect, test } from 'vitest'
import { isCheckId } from '../../../lib/checks/catalog.ts'
import { inPrefix } from '../../../lib/net/index.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { ALL_FAULTS, expectedFindings, FAULTS, NO_FAULTS } from '../../../lab/faults.ts'
import { HOSTS, LAB_PREFIXES, METADATA_V4, METADATA_V6, MGMT, RTR } from '../../../lab/plan.ts'
import { overlapProblems, overlaps } from '../../../lab/safety.ts'
import { targetsYaml } from '../../../lab/targets.ts'

describe('lab safety', () => {
  const thisMachine = {
    addresses: [
      { dev: 'lo', cidr: '127.0.0.1/8' },
      { dev: 'lo', cidr: '::1/128' },
      { dev: 'eth0', cidr: '192.0.2.2/24' },
      { dev: 'eth0', cidr: 'fd00::2/64' },
      { dev: 'eth0', cidr: 'fe80::fc:ff:fe00:1/64' },
    ],
    routes: [
      { dst: 'default', type: 'unicast', dev: 'eth0' },
      { dst: '192.0.2.0/24', type: 'unicast', dev: 'eth0' },
      { dst: 'fd00::/64', type: 'unicast', dev: 'eth0' },
      { dst: '203.0.113.0/24', type: 'unicast', dev: 'eth0' },
      // left by an earlier lab:up, on purpose
      { dst: '2001:db8::/32', type: 'unreachable', dev: 'lo' },
      { dst: '198.51.100.0/24', type: 'unreachable' },
    ],
  }

  test("this machine's networks and the registries' range never overlap the lab", () => {
    expect(overlapProblems(thisMachine)).toEqual([])
  })

  test('an address or a route inside the lab space is refused, naming it', () => {
    const p = overlapProblems({
      addresses: [...thisMachine.addresses, { dev: 'wg0', cidr: '2001:db8:0:1::99/64' }],
      routes: [...thisMachine.routes, { dst: '198.51.100.128/25', type: 'unicast', dev: 'eth1' }, { dst: '2001::/16', type: 'unicast', dev: 'tun0' }],
    })
    expect(p).toEqual([
      "wg0 holds 2001:db8:0:1::99/64, inside the lab's 2001:db8::/32",
      "the route to 2001::/16 dev tun0 (unicast) overlaps the lab's 2001:db8::/32",
      "the route to 198.51.100.128/25 dev eth1 (unicast) overlaps the lab's 198.51.100.0/24",
    ])
  })

  test('overlap is containment either way, within one family', () => {
    expect(overlaps('2001:db8::/32', '2001:db8:5::/48')).toBe(true)
    expect(overlaps('2001::/16', '2001:db8::/32')).toBe(true)
    expect(overlaps('2001:db9::/32', '2001:db8::/32')).toBe(false)
    expect(overlaps('198.51.100.0/24', '198.51.101.0/24')).toBe(false)
    expect(overlaps('::ffff:198.51.100.0/120', '198.51.100.0/24')).toBe(false)
  })

  test('every address in the plan is documentation space or link-local', () => {
    const all = [
      ...Object.values(RTR),
      ...Object.values(MGMT),
      METADATA_V4,
      METADATA_V6,
      ...HOSTS.flatMap((h) => [h.address, ...h.links.flatMap((l) => [l.v6, l.v4].filter((x): x is string => x !== undefined).map((a) => a.split('/')[0]!))]),
    ]
    for (const a of all) expect([...LAB_PREFIXES, '169.254.0.0/16', 'fe80::/10'].some((p) => inPrefix(a, p)), a).toBe(true)
  })
})

describe('the lab target and its expected findings', () => {
  const file = loadTargetsText(targetsYaml(), 'lab/.state/targets.yaml')

  test('targets.yaml passes the same validation as a user file', () => {
    const t = resolveTarget(file, 'lab')
    expect(t.hosts.map((h) => `${h.name} ${h.roles.join(',')} ${h.stack}`)).toEqual([
      'ctl controller ipv6-only',
      'cmp compute dual-stack',
      'vm1 guest ipv6-only',
      'vm2 guest ipv6-only',
    ])
    expect(t.hosts[0]?.configs.map((c) => c.path)).toContain('/etc/cinder/cinder.conf')
  })

  test('every expected finding names a catalogued check and a subject of a lab host', () => {
    const names = new Set(HOSTS.map((h) => h.name))
    for (const f of expectedFindings(ALL_FAULTS)) {
      expect(isCheckId(f.check), f.check).toBe(true)
      expect(names.has(f.subject.split(':')[0]!), f.subject).toBe(true)
    }
  })

  test('each finding belongs to one fault, and the clean lab expects none', () => {
    const all = FAULTS.flatMap((f) => f.findings.map((x) => `${x.check} ${x.subject}`))
    expect(new Set(all).size).toBe(all.length)
    expect(expectedFindings(ALL_FAULTS)).toHaveLength(all.length)
    expect(expectedFindings(NO_FAULTS)).toEqual([])
  })
})
