// hosts.config.overlay-mtu on the install guide's Neutron files of a compute host whose tunnel
// endpoint is IPv6 (test/fixtures/observe/overlay-mtu/README.md), on the rich namespace's
// interfaces (eth1 holds 2001:db8:2::5 and eth2 198.51.100.1, both MTU 1500). Each variant
// changes one line of one file, or one interface's MTU, and says which.
import { describe, expect, test } from 'vitest'
import { overlayMtu } from '../../../lib/judge/overlay-mtu.ts'
import type { HostView } from '../../../lib/judge/host-view.ts'
import type { OvnEncap } from '../../../lib/observe/facts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { fixture } from '../observe/fixtures.ts'
import { textView } from './config-view.ts'

const NEUTRON = '/etc/neutron/neutron.conf'
const ML2 = '/etc/neutron/plugins/ml2/ml2_conf.ini'
const OVS = '/etc/neutron/plugins/ml2/openvswitch_agent.ini'

type Edit = { file: string; from: string | RegExp; to: string }
const FILES = [
  { path: NEUTRON, name: 'neutron.conf' },
  { path: ML2, name: 'ml2_conf.ini' },
  { path: OVS, name: 'openvswitch_agent.ini' },
]

function hostWith(edits: Edit[] = [], only = FILES.map((f) => f.path)): HostView {
  return textView(
    FILES.filter((f) => only.includes(f.path)).map((f) => {
      let text = fixture(`overlay-mtu/${f.name}`)
      for (const e of edits.filter((x) => x.file === f.path)) {
        const next = text.replace(e.from, e.to)
        if (next === text) throw new Error(`edit ${String(e.from)} changed nothing in ${f.name}`)
        text = next
      }
      return { path: f.path, format: 'ini' as const, text }
    }),
  )
}

/** The same view with one interface's MTU changed. */
function withMtu(v: HostView, iface: string, mtu: number): HostView {
  if (!v.facts.interfaces.ok) throw new Error(v.facts.interfaces.error)
  const value = v.facts.interfaces.value.map((i) => (i.name === iface ? { ...i, mtu } : i))
  return { ...v, facts: { ...v.facts, interfaces: { ok: true, value } } }
}

function one(v: HostView): Verdict {
  const vs = overlayMtu(v)
  expect(vs).toHaveLength(1)
  return vs[0] as Verdict
}

const V6 = { file: ML2, from: '[ml2]\n', to: '[ml2]\noverlay_ip_version = 6\n' }

describe('an IPv6 tunnel endpoint', () => {
  test('overlay_ip_version unset (4): fails, naming the 20 bytes and both MTUs, and the underlay it overflows', () => {
    const v = one(hostWith())
    expect(v).toMatchObject({ ok: false, subject: 'h1' })
    expect(v.observed).toBe(
      "local_ip 2001:db8:2::5 is IPv6 but overlay_ip_version is unset (Neutron's default 4): Neutron takes 20 bytes for the outer IP header where IPv6 takes 40, so tenant networks get MTU 1450 where 1430 fits; eth1 (holding 2001:db8:2::5) has MTU 1500, and a full-size tenant packet (MTU 1450, vxlan) leaves it as 1520 bytes",
    )
    expect(v.remedy).toBe(
      `set overlay_ip_version = 6 in [ml2] of ${ML2} and restart neutron-server; networks made before keep their MTU (openstack network set --mtu 1430 <network>)`,
    )
    expect(v.evidence).toContain(
      'vxlan: tenant MTU 1500 - 20 (IPv4 header) - 30 (VXLAN_ENCAP_OVERHEAD) = 1450; on the underlay 1450 + 30 + 40 (IPv6 header) = 1520',
    )
  })

  test('overlay_ip_version = 4 written out fails the same way, quoting the line', () => {
    const v = one(hostWith([{ file: ML2, from: '[ml2]\n', to: '[ml2]\noverlay_ip_version = 4\n' }]))
    expect(v.ok).toBe(false)
    expect(v.observed).toContain(`overlay_ip_version = 4 (${ML2}:2)`)
  })

  test('overlay_ip_version = 6: passes, 1430 + 70 = 1500 fits eth1', () => {
    const v = one(hostWith([V6]))
    expect(v).toMatchObject({ ok: true })
    expect(v.skip).toBeUndefined()
    expect(v.observed).toBe('vxlan tenant MTU 1430, 1500 on the underlay; eth1 (holding 2001:db8:2::5) has MTU 1500')
  })

  test('global_physnet_mtu 9000 over a 1500 underlay fails even with overlay_ip_version 6', () => {
    const v = one(hostWith([V6, { file: NEUTRON, from: '[DEFAULT]\n', to: '[DEFAULT]\nglobal_physnet_mtu = 9000\n' }]))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'eth1 (holding 2001:db8:2::5) has MTU 1500, and a full-size tenant packet (MTU 8930, vxlan) leaves it as 9000 bytes',
    )
    expect(v.remedy).toContain('ip link set dev eth1 mtu 9000')
    expect(v.remedy).toContain('lower global_physnet_mtu (or path_mtu) to 1500')
  })

  test('jumbo frames on eth1 carry it', () => {
    const v = one(
      withMtu(
        hostWith([V6, { file: NEUTRON, from: '[DEFAULT]\n', to: '[DEFAULT]\nglobal_physnet_mtu = 9000\n' }]),
        'eth1',
        9000,
      ),
    )
    expect(v.ok).toBe(true)
  })

  test('path_mtu below global_physnet_mtu sets the tenant MTU', () => {
    const v = one(
      hostWith([V6, { file: ML2, from: '[ml2]\n', to: '[ml2]\noverlay_ip_version = 6\npath_mtu = 1400\n' }].slice(1)),
    )
    expect(v.observed).toContain('vxlan tenant MTU 1330')
  })

  test('Geneve with max_header_size 38 (OVN-sized): 1500 - 40 - 38 = 1422', () => {
    const v = one(
      hostWith([
        { file: ML2, from: '[ml2]\n', to: '[ml2]\noverlay_ip_version = 6\n' },
        { file: ML2, from: '[ml2_type_vxlan]', to: '[ml2_type_geneve]\nmax_header_size = 38\n\n[ml2_type_vxlan]' },
        { file: OVS, from: 'tunnel_types = vxlan', to: 'tunnel_types = geneve' },
      ]),
    )
    expect(v.ok).toBe(true)
    expect(v.observed).toContain('geneve tenant MTU 1422, 1500 on the underlay')
  })

  test('local_ip on no interface of the host fails', () => {
    const v = one(hostWith([V6, { file: OVS, from: 'local_ip = 2001:db8:2::5', to: 'local_ip = 2001:db8:99::5' }]))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('no interface holds local_ip 2001:db8:99::5: the agent cannot send from it')
  })
})

describe('an IPv4 tunnel endpoint', () => {
  const V4 = { file: OVS, from: 'local_ip = 2001:db8:2::5', to: 'local_ip = 198.51.100.1' }

  test("Neutron's default 4 passes: 1450 + 50 = 1500 on eth2", () => {
    const v = one(hostWith([V4]))
    expect(v.ok).toBe(true)
    expect(v.observed).toBe('vxlan tenant MTU 1450, 1500 on the underlay; eth2 (holding 198.51.100.1) has MTU 1500')
  })
})

describe('what is not judged', () => {
  test('no local_ip: not a tunnel endpoint, skipped', () => {
    const v = one(hostWith([], [NEUTRON, ML2]))
    expect(v.skip).toMatch(/^no tunnel endpoint in .*neither \[ovs\] local_ip/)
  })

  test('the agent file without ml2_conf.ini: skipped, naming the file to add', () => {
    const v = one(hostWith([], [NEUTRON, OVS]))
    expect(v.skip).toContain('no file this host names has an [ml2] section')
  })

  test('no tunnel_types: the OVS agent builds no tunnel, skipped', () => {
    const v = one(hostWith([{ file: OVS, from: 'tunnel_types = vxlan\n', to: '' }]))
    expect(v.skip).toContain('[agent] tunnel_types is unset (no tunnels)')
  })

  test('ini files without an [ml2], [ovs] or [vxlan] section: no Neutron here, no verdict', () => {
    expect(overlayMtu(hostWith([], [NEUTRON]))).toEqual([])
  })

  test('no ini file readable: skipped, never passed', () => {
    const v = hostWith()
    if (!v.facts.configs.ok) throw new Error(v.facts.configs.error)
    const value = v.facts.configs.value.map((c) => {
      const { text: _text, parsed: _parsed, ...rest } = c
      return { ...rest, state: 'unreadable' as const, denied: true as const }
    })
    expect(one({ ...v, facts: { ...v.facts, configs: { ok: true, value } } }).skip).toMatch(
      /^none of the ini files could be read \(.*\): not readable by the SSH user: set ssh.become: sudo/,
    )
  })

  test('a host with no ini file has no subject', () => {
    const v = hostWith()
    expect(overlayMtu({ ...v, host: { ...v.host, configs: [] } })).toEqual([])
  })
})

// The ovs section as capture-ovs.sh recorded it, read whole: quoted and bare OVSDB strings, comma
// lists, unset keys, and each way ovs-vsctl fails.
describe('the ovs section, read', () => {
  const COMMAND =
    'ovs-vsctl --timeout=5 --if-exists get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type'
  const read = (text: string) => parseHostFacts(splitSections(text, 'capture1').sections).ovn
  const recorded = (name: string) => read(fixture(`overlay-mtu/${name}`))
  /** A recorded section with one line of ovs-vsctl's output replaced, as an operator may have set the key. */
  function edited(name: string, from: string, to: string) {
    const text = fixture(`overlay-mtu/${name}`)
    if (!text.includes(from)) throw new Error(`${from} not in ${name}`)
    return read(text.replace(from, to))
  }

  test('a quoted IP and a bare type; two of each as comma lists; unset keys as empty lists', () => {
    expect(recorded('ovs.ovn-v6-geneve.txt')).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: ['2001:db8:2::5'], types: ['geneve'] },
    })
    expect(recorded('ovs.ovn-v4-geneve.txt')).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: ['198.51.100.1'], types: ['geneve'] },
    })
    expect(recorded('ovs.ovn-two-ips.txt')).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: ['2001:db8:2::5', '2001:db8:3::5'], types: ['geneve', 'vxlan'] },
    })
    expect(recorded('ovs.unset.txt')).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: [], types: [] },
    })
  })

  test('ovs.ovn-two-ips.txt with a blank after each comma and the types in capitals (as an operator may set them): trimmed, lower-cased', () => {
    expect(
      edited(
        'ovs.ovn-two-ips.txt',
        '"2001:db8:2::5,2001:db8:3::5"\n"geneve,vxlan"',
        '"2001:db8:2::5, 2001:db8:3::5"\n"GENEVE, VXLAN"',
      ),
    ).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: ['2001:db8:2::5', '2001:db8:3::5'], types: ['geneve', 'vxlan'] },
    })
    expect(edited('ovs.ovn-v6-geneve.txt', '\ngeneve\n', '\nGeneve\n')).toEqual({
      ok: true,
      value: { state: 'ok', command: COMMAND, ips: ['2001:db8:2::5'], types: ['geneve'] },
    })
  })

  test('no ovs-vsctl: absent; no database: failed; a socket the user may not open: not-root; each with the command and its error', () => {
    expect(recorded('ovs.no-ovs-vsctl.txt')).toEqual({ ok: true, value: { state: 'absent' } })
    expect(recorded('ovs.no-db.txt')).toEqual({
      ok: true,
      value: {
        state: 'failed',
        reason: `${COMMAND} exited 1: "ovs-vsctl: unix:/tmp/h-ovs.3QOz5I/run/db.sock: database connection failed (No such file or directory)"`,
      },
    })
    expect(recorded('ovs.not-root.txt')).toEqual({
      ok: true,
      value: {
        state: 'not-root',
        reason: `${COMMAND} exited 1: "ovs-vsctl: unix:/tmp/h-ovs.3QOz5I/run/db.sock: database connection failed (Permission denied)"`,
      },
    })
  })

  test('ovs.ovn-v6-geneve.txt cut short before ovs-vsctl exited (its rc line and the end dropped): failed, its exit unknown, never read as a value', () => {
    const text = fixture('overlay-mtu/ovs.ovn-v6-geneve.txt')
    expect(read(text.slice(0, text.indexOf('@@v6ready:capture1:rc:')))).toEqual({
      ok: true,
      value: { state: 'failed', reason: `${COMMAND} exited ?: "\\"2001:db8:2::5\\""` },
    })
  })
})

// An OVN chassis: its endpoint in the Open vSwitch database, as the ovs section read it from a real
// ovsdb-server (test/fixtures/observe/overlay-mtu/capture-ovs.sh), beside the same ML2 files.
describe("OVN's ovn-encap-ip", () => {
  const ovn = (name: string) => parseHostFacts(splitSections(fixture(`overlay-mtu/${name}`), 'capture1').sections).ovn
  function chassis(ovs: string, edits: Edit[] = [], files = [NEUTRON, ML2]): HostView {
    const v = hostWith(edits, files)
    return { ...v, facts: { ...v.facts, ovn: ovn(ovs) } }
  }

  test('an IPv6 ovn-encap-ip with overlay_ip_version unset fails as an IPv6 local_ip does, with Geneve', () => {
    const v = one(chassis('ovs.ovn-v6-geneve.txt'))
    expect(v).toMatchObject({ ok: false, subject: 'h1' })
    expect(v.observed).toBe(
      "ovn-encap-ip 2001:db8:2::5 is IPv6 but overlay_ip_version is unset (Neutron's default 4): Neutron takes 20 bytes for the outer IP header where IPv6 takes 40, so tenant networks get MTU 1450 where 1430 fits; eth1 (holding 2001:db8:2::5) has MTU 1500, and a full-size tenant packet (MTU 1450, geneve) leaves it as 1520 bytes",
    )
    expect(v.evidence).toContain(
      'ovn-encap-ip = 2001:db8:2::5 (ovs-vsctl get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type)',
    )
    expect(v.evidence).toContain('geneve: tenant MTU 1500 - 20 (IPv4 header) - 30 (GENEVE_ENCAP_MIN_OVERHEAD) = 1450')
  })

  test('with overlay_ip_version = 6 it passes; an IPv4 ovn-encap-ip passes with the default', () => {
    expect(one(chassis('ovs.ovn-v6-geneve.txt', [V6])).observed).toBe(
      'geneve tenant MTU 1430, 1500 on the underlay; eth1 (holding 2001:db8:2::5) has MTU 1500',
    )
    const v4 = one(chassis('ovs.ovn-v4-geneve.txt'))
    expect(v4).toMatchObject({ ok: true })
    expect(v4.skip).toBeUndefined()
    expect(v4.observed).toBe('geneve tenant MTU 1450, 1500 on the underlay; eth2 (holding 198.51.100.1) has MTU 1500')
  })

  test('two encapsulation IPs and two types: the first IP is judged, for each type, and the evidence says so', () => {
    const v = one(chassis('ovs.ovn-two-ips.txt', [V6]))
    expect(v.observed).toBe(
      'geneve tenant MTU 1430, 1500 on the underlay; vxlan tenant MTU 1430, 1500 on the underlay; eth1 (holding 2001:db8:2::5) has MTU 1500',
    )
    expect(v.evidence).toContain('ovn-encap-ip lists 2001:db8:2::5, 2001:db8:3::5: the first is judged')
  })

  test("the OVS agent's local_ip wins where both are set", () => {
    expect(one(chassis('ovs.ovn-v4-geneve.txt', [], [NEUTRON, ML2, OVS])).observed).toMatch(
      /^local_ip 2001:db8:2::5 is IPv6/,
    )
  })

  test('no endpoint: unset, unreadable database, no ovs-vsctl, a user who may not open the socket: skipped, each saying which', () => {
    expect(one(chassis('ovs.unset.txt')).skip).toContain(
      "and OVN's external_ids:ovn-encap-ip is not set in the Open vSwitch database",
    )
    expect(one(chassis('ovs.no-db.txt')).skip).toMatch(
      /and OVN's ovn-encap-ip could not be read: ovs-vsctl --timeout=5 --if-exists get Open_vSwitch \. external_ids:ovn-encap-ip external_ids:ovn-encap-type exited 1: "ovs-vsctl: unix:\S+: database connection failed \(No such file or directory\)"$/,
    )
    expect(one(chassis('ovs.no-ovs-vsctl.txt')).skip).toContain('and there is no ovs-vsctl (no OVN chassis)')
    expect(one(chassis('ovs.not-root.txt')).skip).toMatch(
      /and OVN's ovn-encap-ip is not readable by the SSH user: ovs-vsctl .* exited 1: "ovs-vsctl: unix:\S+: database connection failed \(Permission denied\)": set ssh\.become: sudo for this host \(docs\/ssh\.md\)$/,
    )
  })

  test('an OVN chassis without ml2_conf.ini: skipped, naming the file to add', () => {
    expect(one(chassis('ovs.ovn-v6-geneve.txt', [], [NEUTRON])).skip).toBe(
      "ovn-encap-ip = 2001:db8:2::5 (ovs-vsctl get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type), but no file this host names has an [ml2] section: overlay_ip_version is set in ml2_conf.ini on the neutron-server hosts, so name that file in this host's configs",
    )
  })
})

// Each verdict's words whole: the skips, the evidence lines and the remedies, for the OVS agent, the
// Linux bridge agent (the agent file's [ovs] section renamed [vxlan]) and an OVN chassis (the recorded
// ovs sections, one field changed where a case needs a value the recordings do not hold).
describe('overlay-mtu, each verdict as the operator reads it', () => {
  const CMD = 'ovs-vsctl get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type'
  const ovnOk = (name: string) => {
    const o = parseHostFacts(splitSections(fixture(`overlay-mtu/${name}`), 'capture1').sections).ovn
    if (!o.ok || o.value.state !== 'ok') throw new Error(`${name}: no ovn-encap-ip read`)
    return o.value
  }
  function chassis(ovn: OvnEncap, edits: Edit[] = [], files = [NEUTRON, ML2]): HostView {
    const v = hostWith(edits, files)
    return { ...v, facts: { ...v.facts, ovn: { ok: true, value: ovn } } }
  }
  const LB = { file: OVS, from: '[ovs]\n', to: '[vxlan]\n' }

  test('no endpoint and no ovs section: the skip names both files read and the missing section', () => {
    expect(one(hostWith([], [NEUTRON, ML2])).skip).toBe(
      `no tunnel endpoint in ${NEUTRON}, ${ML2}: neither [ovs] local_ip (openvswitch_agent.ini) nor [vxlan] local_ip (linuxbridge_agent.ini) is set, and OVN's ovn-encap-ip was not read (the observation has no ovs section)`,
    )
  })

  test('the OVS agent: the evidence lists each setting, and expected names the bytes the underlay needs', () => {
    const v = one(hostWith())
    expect(v.evidence).toBe(
      [
        `local_ip = 2001:db8:2::5 (${OVS}:3)`,
        `tunnel_types = vxlan (${OVS}:6)`,
        "overlay_ip_version unset (Neutron's default 4)",
        "global_physnet_mtu unset (Neutron's default 1500)",
        "path_mtu unset (Neutron's default 0, unset)",
        'vxlan: tenant MTU 1500 - 20 (IPv4 header) - 30 (VXLAN_ENCAP_OVERHEAD) = 1450; on the underlay 1450 + 30 + 40 (IPv6 header) = 1520',
        'eth1 holds 2001:db8:2::5, MTU 1500',
      ].join('\n'),
    )
    expect(v.expected).toBe(
      "overlay_ip_version matching local_ip's family, and the interface holding local_ip with an MTU of at least the tenant MTU plus the tunnel overhead (1520 here)",
    )
  })

  test('the Linux bridge agent tunnels VXLAN whatever OVN says; an OVN chassis names ovn-encap-type', () => {
    const lb = one(chassis(ovnOk('ovs.ovn-v4-geneve.txt'), [V6, LB], [NEUTRON, ML2, OVS]))
    expect(lb.observed).toBe('vxlan tenant MTU 1430, 1500 on the underlay; eth1 (holding 2001:db8:2::5) has MTU 1500')
    expect(lb.evidence?.split('\n').slice(0, 2)).toEqual([`local_ip = 2001:db8:2::5 (${OVS}:3)`, 'linuxbridge: VXLAN'])
    const ovn = one(chassis(ovnOk('ovs.ovn-v4-geneve.txt')))
    expect(ovn.evidence?.split('\n').slice(0, 2)).toEqual([
      `ovn-encap-ip = 198.51.100.1 (${CMD})`,
      'ovn-encap-type = geneve (ovn-encap-type)',
    ])
    expect(ovn.expected).toBe(
      "overlay_ip_version matching ovn-encap-ip's family, and the interface holding ovn-encap-ip with an MTU of at least the tenant MTU plus the tunnel overhead (1500 here)",
    )
  })

  test('the command as the evidence shows it drops the timeout, whatever its length', () => {
    const o = ovnOk('ovs.ovn-v4-geneve.txt')
    const v = one(chassis({ ...o, command: o.command.replace('--timeout=5', '--timeout=15') }))
    expect(v.evidence?.split('\n')[0]).toBe(`ovn-encap-ip = 198.51.100.1 (${CMD})`)
  })

  test('tunnel_types naming no tunnel: the OVS agent builds none, skipped quoting the line', () => {
    expect(one(hostWith([{ file: OVS, from: 'tunnel_types = vxlan', to: 'tunnel_types = stt' }])).skip).toBe(
      `[ovs] local_ip = 2001:db8:2::5 (${OVS}:3) but [agent] tunnel_types = stt (${OVS}:6) names no VXLAN, Geneve or GRE: the agent builds no tunnel`,
    )
    expect(one(hostWith([{ file: OVS, from: 'tunnel_types = vxlan\n', to: '' }])).skip).toBe(
      `[ovs] local_ip = 2001:db8:2::5 (${OVS}:3) but [agent] tunnel_types is unset (no tunnels): the agent builds no tunnel`,
    )
  })

  test('ovn-encap-type unset or naming no tunnel: ovn-controller builds none, skipped', () => {
    const o = ovnOk('ovs.ovn-v4-geneve.txt')
    expect(one(chassis({ ...o, types: [] })).skip).toBe(
      `ovn-encap-ip = 198.51.100.1 but ovn-encap-type is unset: ovn-controller builds no tunnel (${CMD})`,
    )
    expect(one(chassis({ ...o, types: ['stt'] })).skip).toBe(
      `ovn-encap-ip = 198.51.100.1 but ovn-encap-type = stt names no Geneve or VXLAN: ovn-controller builds no tunnel (${CMD})`,
    )
  })

  test('an endpoint that is not an address: fails, the remedy saying where to set it', () => {
    const agent = one(hostWith([{ file: OVS, from: 'local_ip = 2001:db8:2::5', to: 'local_ip = tun0' }]))
    expect(agent).toMatchObject({
      ok: false,
      expected: 'local_ip an IPv4 or IPv6 address',
      observed: `local_ip = tun0 (${OVS}:3) is not an IP address`,
      remedy: `set local_ip in ${OVS} to the address of this host's tunnel interface`,
    })
    const ovn = one(chassis({ ...ovnOk('ovs.ovn-v4-geneve.txt'), ips: ['tun0'] }))
    expect(ovn).toMatchObject({
      ok: false,
      expected: 'ovn-encap-ip an IPv4 or IPv6 address',
      observed: `ovn-encap-ip = tun0 (${CMD}) is not an IP address`,
      remedy:
        "set it to the address of this host's tunnel interface: ovs-vsctl set Open_vSwitch . external_ids:ovn-encap-ip=<address>",
    })
  })

  test('the remedy names the agent file without the line number, however long', () => {
    const v = one(
      hostWith([
        { file: OVS, from: '[ovs]\n', to: `${'#\n'.repeat(10)}[ovs]\n` },
        { file: OVS, from: 'local_ip = 2001:db8:2::5', to: 'local_ip = tun0' },
      ]),
    )
    expect(v.observed).toBe(`local_ip = tun0 (${OVS}:13) is not an IP address`)
    expect(v.remedy).toBe(`set local_ip in ${OVS} to the address of this host's tunnel interface`)
  })

  test('an ovn-encap-ip on no interface: the chassis cannot send from it', () => {
    const v = one(chassis({ ...ovnOk('ovs.ovn-v6-geneve.txt'), ips: ['2001:db8:99::5'] }, [V6]))
    expect(v.observed).toBe('no interface holds ovn-encap-ip 2001:db8:99::5: the chassis cannot send from it')
    expect(v.remedy).toBe('give the tunnel interface 2001:db8:99::5, or set ovn-encap-ip to an address this host holds')
  })

  test('two tunnel types of different headers: the MTU tenants get is the smaller', () => {
    const v = one(
      hostWith([
        { file: ML2, from: '[ml2_type_vxlan]', to: '[ml2_type_geneve]\nmax_header_size = 38\n\n[ml2_type_vxlan]' },
        { file: OVS, from: 'tunnel_types = vxlan', to: 'tunnel_types = vxlan,geneve' },
      ]),
    )
    expect(v.observed).toMatch(/so tenant networks get MTU 1442 where 1422 fits;/)
  })
})
