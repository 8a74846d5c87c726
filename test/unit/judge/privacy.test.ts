// hosts.privacy.addr-gen on a real guest capture (capture-metadata.sh): MACs fa:16:3e:00:00:1N, and
// SLAAC from RAs on eth0 (EUI-64, the default route), eth1 (addr_gen_mode 2, stable privacy) and
// eth2 (EUI-64 with use_tempaddr 2: a temporary address beside it).
import { parseParts } from '../../../lib/observe/parse/parts.ts'
import { describe, expect, test } from 'vitest'
import { addrGen } from '../../../lib/judge/privacy.ts'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { guestFacts, parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, outcomes, rich, view, withConf } from './view.ts'

const guest = parseHostFacts(splitSections(fixture('full.netns-md-guest.txt'), 'fixture1').sections)
const judge = (over: Partial<ResolvedHost>, f: HostFacts = guest) => addrGen(view(host({ name: 'vm', ...over }), f))
const bySubject = (vs: ReturnType<typeof judge>) => Object.fromEntries(vs.map((v) => [v.subject, v]))

/** The guest's facts with some per-interface sysctls changed. */
const guestWith = (change: Record<string, Record<string, string>>): HostFacts => withConf(guest, change)

describe('hosts.privacy.addr-gen on slaac and dhcpv6-stateless', () => {
  test.for(['slaac', 'dhcpv6-stateless'] as const)(
    '%s: EUI-64 passes, stable privacy and temporary addresses fail',
    (mode) => {
      const vs = judge({ address_mode: mode })
      // lo is never judged; every interface with a global address is.
      expect(outcomes(vs)).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'fail', 'vm:eth2': 'fail' })
    },
  )

  test('EUI-64 match: the SLAAC address is the modified EUI-64 of the MAC, computed locally', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }))['vm:eth0']!
    expect(v.observed).toBe('2001:db8:10:0:f816:3eff:fe00:10/64 = EUI-64; addr_gen_mode = 0, use_tempaddr = 0')
    expect(v.expected).toBe(
      'slaac: the SLAAC address is EUI-64 of fa:16:3e:00:00:10 (the address Neutron gives the port), addr_gen_mode 0, no temporary addresses',
    )
    expect(v.where).toEqual({ host: 'vm', interface: 'eth0', address: '2001:db8:10:0:f816:3eff:fe00:10' })
  })

  test("stable privacy: addr_gen_mode 2, and the address is not Neutron's", () => {
    const v = bySubject(judge({ address_mode: 'slaac' }))['vm:eth1']!
    expect(v.observed).toBe(
      "addr_gen_mode = 2 (stable privacy with stable_secret, RFC 7217); 2001:db8:11:0:74b1:66c3:6a99:9e53/64 is not EUI-64: Neutron's port address is 2001:db8:11:0:f816:3eff:fe00:11",
    )
    expect(v.remedy).toMatch(/^sysctl -w net\.ipv6\.conf\.eth1\.addr_gen_mode=0 and persist it, then toggle eth1/)
  })

  test('temporary addresses: use_tempaddr 2 prefers them as source, and port security drops them', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }))['vm:eth2']!
    // Its public address is EUI-64: only the temporary one is the problem.
    expect(v.observed).toBe(
      'use_tempaddr = 2, preferred as source: temporary 2001:db8:12:0:309f:3d21:36af:16d0/64 (RFC 4941)',
    )
    expect(v.remedy).toBe(
      'sysctl -w net.ipv6.conf.eth2.use_tempaddr=0 (NetworkManager: ipv6.ip6-privacy 0) and remove the temporary addresses',
    )
    expect(v.evidence).toContain('2001:db8:12:0:f816:3eff:fe00:12/64 dynamic mngtmpaddr = EUI-64')
  })

  test('addr_gen_mode 0 or 1 with a non-EUI-64 SLAAC address: made in user space (NetworkManager), said so', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }, guestWith({ eth1: { addr_gen_mode: '1' } })))['vm:eth1']!
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      "2001:db8:11:0:74b1:66c3:6a99:9e53/64 is not EUI-64: Neutron's port address is 2001:db8:11:0:f816:3eff:fe00:11",
    )
    expect(v.remedy).toContain('nmcli connection modify <conn> ipv6.addr-gen-mode eui64')
  })

  test('an EUI-64 address with addr_gen_mode 3 set since: fails, the next address will differ', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }, guestWith({ eth0: { addr_gen_mode: '3' } })))['vm:eth0']!
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('addr_gen_mode = 3 (stable privacy with a random secret, RFC 7217)')
  })

  test('use_tempaddr 1 with no temporary address yet: still a finding (they come with the next RA)', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }, guestWith({ eth0: { use_tempaddr: '1' } })))['vm:eth0']!
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('use_tempaddr = 1, public preferred: temporary addresses at the next RA (RFC 4941)')
  })

  // use_tempaddr's boundaries (ip-sysctl.rst): <= 0 off, 1 made but public preferred, > 1 preferred.
  test.for([
    ['-1', true, undefined],
    ['0', true, undefined],
    ['1', false, 'use_tempaddr = 1, public preferred: temporary addresses at the next RA (RFC 4941)'],
    ['2', false, 'use_tempaddr = 2, preferred as source: temporary addresses at the next RA (RFC 4941)'],
  ] as const)('use_tempaddr %s on eth0, no temporary address yet: ok %s', ([use, ok, observed]) => {
    const v = bySubject(judge({ address_mode: 'slaac' }, guestWith({ eth0: { use_tempaddr: use } })))['vm:eth0']!
    expect(v.ok).toBe(ok)
    if (observed) expect(v.observed).toBe(observed)
    else expect(v.observed).toMatch(/= EUI-64; addr_gen_mode = 0, use_tempaddr = -?\d$/)
  })

  test('an interface the targets file forbids IPv6 on is left to hosts.addr.forbidden', () => {
    const vs = judge({ address_mode: 'slaac', interfaces: { eth1: { ipv6: 'forbidden', addresses: [] } } })
    expect(Object.keys(outcomes(vs))).toEqual(['vm:eth0', 'vm:eth2'])
  })
})

describe('hosts.privacy.addr-gen on dhcpv6-stateful', () => {
  test('the address comes from DHCPv6: addr_gen_mode does not matter, temporary addresses still fail', () => {
    const vs = bySubject(judge({ address_mode: 'dhcpv6-stateful' }))
    expect(outcomes(Object.values(vs))).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'pass', 'vm:eth2': 'fail' })
    expect(vs['vm:eth1']!.observed).toBe('no temporary addresses; addr_gen_mode = 2 does not apply to DHCPv6 addresses')
    expect(vs['vm:eth2']!.observed).toBe(
      'use_tempaddr = 2, preferred as source: temporary 2001:db8:12:0:309f:3d21:36af:16d0/64 (RFC 4941)',
    )
    expect(vs['vm:eth2']!.where?.address).toBe('2001:db8:12:0:309f:3d21:36af:16d0')
  })
})

describe('hosts.privacy.addr-gen applies to guests only, and only on what was observed', () => {
  test('no address_mode: not judged', () => {
    expect(judge({})).toEqual([])
  })

  test('sysctls not observed: one skip with the reason', () => {
    const vs = judge({ address_mode: 'slaac' }, { ...guest, sysctls: { ok: false, error: 'section sysctl: missing' } })
    expect(vs).toHaveLength(1)
    expect(vs[0]?.skip).toBe('could not observe sysctls: section sysctl: missing')
  })

  test('the rich namespace (capture.sh): a macvlan with EUI-64 passes; manual addresses with lifetimes count as SLAAC', () => {
    const vs = bySubject(addrGen(view(host({ address_mode: 'slaac' }), rich)))
    expect(outcomes(Object.values(vs))).toEqual({ 'h1:eth0': 'fail', 'h1:eth0.100': 'pass', 'h1:eth1': 'fail' })
    // 2001:db8:1::a was added with mngtmpaddr and ::de with a lifetime: Neutron would not allow them.
    expect(vs['h1:eth0']!.observed).toMatch(
      /^2001:db8:1::a\/64 is not EUI-64: .*; 2001:db8:1::de\/64 is not EUI-64: .*; use_tempaddr = 2, preferred as source: temporary /,
    )
    // eth1 holds only a static, tentative 2001:db8:2::5/64 (no RA there), with stable privacy set.
    expect(vs['h1:eth1']!.observed).toMatch(
      /^addr_gen_mode = 2 \(stable privacy with stable_secret, RFC 7217\); no SLAAC address and no address equal to the EUI-64 of /,
    )
  })
})

describe('hosts.privacy.addr-gen where NetworkManager makes the SLAAC address', () => {
  // NetworkManager does SLAAC itself (the kernel's addr_gen_mode reads 1 then): its profile decides.
  const kf = (gen: string) => ({
    label: '/etc/NetworkManager/system-connections/System eth0.nmconnection',
    text: `[connection]\nid=System eth0\ninterface-name=eth0\n[ipv6]\nmethod=auto\n${gen}`,
    exit: 0,
    truncated: false,
  })
  const withProfile = (gen: string): HostFacts => ({ ...guest, guest: { ok: true, value: guestFacts([kf(gen)]) } })

  test('a profile NetworkManager created (addr-gen-mode stable-privacy): a finding even while the address is still EUI-64, fixed in the profile', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }, withProfile('addr-gen-mode=stable-privacy\n')))['vm:eth0']!
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'NetworkManager makes the SLAAC address with stable privacy (RFC 7217): NetworkManager /etc/NetworkManager/system-connections/System eth0.nmconnection:5: ipv6.addr-gen-mode=stable-privacy',
    )
    expect(v.remedy).toBe(
      "nmcli connection modify 'System eth0' ipv6.addr-gen-mode eui64 (writes /etc/NetworkManager/system-connections/System eth0.nmconnection), then nmcli connection up 'System eth0'",
    )
  })

  test("an ifcfg file NetworkManager reads, without NAME= (as cloud-init writes it): the fix names the profile 'System eth0', as the ifcfg-rh plugin names it", () => {
    // The two-NIC capture (capture-hetero.sh) with its cloud-init ifcfg-eth0 handed to NetworkManager,
    // as the lab's vm5 is: NM_CONTROLLED=no taken out, stable-privacy put in, a NetworkManager.conf.
    const sections = splitSections(fixture('full.netns-two-nic-guest.txt'), 'fixture1').sections
    const two = parseHostFacts(sections)
    const parts = parseParts(sections.guest ?? '').map((p) =>
      p.label.endsWith('/ifcfg-eth0')
        ? {
            ...p,
            text: p.text
              .replace('NM_CONTROLLED=no\n', '')
              .replace('IPV6_AUTOCONF=yes\n', 'IPV6_ADDR_GEN_MODE=stable-privacy\nIPV6_AUTOCONF=yes\n'),
          }
        : p,
    )
    const nmConf = {
      label: '/etc/NetworkManager/NetworkManager.conf',
      text: '[main]\nplugins=ifcfg-rh\n',
      exit: 0,
      truncated: false,
    }
    const facts: HostFacts = { ...two, guest: { ok: true, value: guestFacts([...parts, nmConf]) } }
    const v = bySubject(
      addrGen(
        view(
          host({
            name: 'vm',
            address_mode: 'slaac',
            interfaces: { eth1: { ipv6: 'optional', addresses: [], address_mode: 'static' } },
          }),
          facts,
        ),
      ),
    )['vm:eth0']!
    expect(v.ok).toBe(false)
    expect(v.observed).toMatch(
      /^NetworkManager makes the SLAAC address with stable privacy \(RFC 7217\): ifcfg \/etc\/sysconfig\/network-scripts\/ifcfg-eth0:\d+: IPV6_ADDR_GEN_MODE=stable-privacy$/,
    )
    expect(v.remedy).toBe(
      "IPV6_ADDR_GEN_MODE=eui64 in /etc/sysconfig/network-scripts/ifcfg-eth0, then nmcli connection reload && nmcli connection up 'System eth0'",
    )
  })

  test('a keyfile silent on addr-gen-mode is default-or-eui64: EUI-64, no finding', () => {
    const v = bySubject(judge({ address_mode: 'slaac' }, withProfile('')))['vm:eth0']!
    expect(v.ok).toBe(true)
    expect(v.evidence).toContain(
      'NetworkManager /etc/NetworkManager/system-connections/System eth0.nmconnection:5: eui64 (ipv6.addr-gen-mode unset: default-or-eui64, no global ipv6.addr-gen-mode: eui64)',
    )
  })
})
