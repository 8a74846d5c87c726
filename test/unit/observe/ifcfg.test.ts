// RHEL's ifcfg files as cloud-init's sysconfig renderer writes them (guest/render-configs.sh, distro
// rhel: NM_CONTROLLED=no, so initscripts read them), and as NetworkManager's ifcfg-rh plugin reads
// them (nms-ifcfg-rh-reader.c make_ip6_setting; small inline files, since Debian's NetworkManager
// is built without the plugin). NetworkManager's keyfile defaults as nm-settings-nmcli(5) of 1.42 states.
import { describe, expect, test } from 'vitest'
import type { Part } from '../../../lib/observe/parse/parts.ts'
import { intentsFor, parseNetconf, type Intent } from '../../../lib/observe/parse/netconf/index.ts'
import { shvar } from '../../../lib/observe/parse/netconf/ifcfg.ts'
import { confParts } from './fixtures.ts'

const part = (label: string, text: string): Part => ({ label, text, exit: 0, truncated: false })
const IFCFG = '/etc/sysconfig/network-scripts/ifcfg-eth0'
const NM_CONF = part('/etc/NetworkManager/NetworkManager.conf', '[main]\nplugins=ifcfg-rh\n')
const of = (parts: Part[], ifname = 'eth0', mac?: string): Intent[] => intentsFor(parseNetconf(parts), ifname, mac)
const brief = (i: Intent) => ({ dhcp6: i.dhcp6, ra: i.ra, raBy: i.raBy, reader: i.reader })

describe('ifcfg files as cloud-init writes them for a RHEL image (initscripts read them)', () => {
  test.for([
    // dhcpv6-stateful: DHCPV6C=yes (dhclient -6 asks for IA_NA), IPV6_AUTOCONF=no with IPV6_FORCE_ACCEPT_RA=yes.
    [
      'ifcfg.dhcp6',
      { dhcp6: 'stateful', ra: true, raBy: 'kernel', reader: 'initscripts' },
      'IPV6INIT=yes, IPV6_AUTOCONF=no, IPV6_FORCE_ACCEPT_RA=yes, DHCPV6C=yes, read by initscripts (NM_CONTROLLED=no): dhclient -6 asks for an address (IA_NA); RAs taken (accept_ra 1), no SLAAC (autoconf 0)',
    ],
    [
      'ifcfg.slaac',
      { dhcp6: 'no', ra: true, raBy: 'kernel', reader: 'initscripts' },
      'IPV6INIT=yes, IPV6_AUTOCONF=yes, DHCPV6C unset, read by initscripts (NM_CONTROLLED=no): no DHCPv6 client; RAs taken (accept_ra 1)',
    ],
    // dhcpv6-stateless: DHCPV6C_OPTIONS=-S, Information-requests only.
    [
      'ifcfg.stateless',
      { dhcp6: 'stateless', ra: true, raBy: 'kernel', reader: 'initscripts' },
      'IPV6INIT=yes, IPV6_AUTOCONF=yes, DHCPV6C=yes, DHCPV6C_OPTIONS=-S, read by initscripts (NM_CONTROLLED=no): dhclient -6 -S sends Information-requests only; RAs taken (accept_ra 1)',
    ],
  ] as const)('%s', ([variant, want, detail]) => {
    const [i, ...more] = of(confParts(variant), 'eth0', 'fa:16:3e:00:00:30')
    expect(more).toEqual([])
    expect(brief(i!)).toEqual(want)
    expect(i!.detail).toBe(detail)
    expect(i!.file).toBe(IFCFG)
  })

  test('two ports: the SLAAC one, and the static one whose /etc/sysconfig/network says IPV6_AUTOCONF=no (the file overrides it for eth0)', () => {
    const parts = confParts('ifcfg.two-nic')
    expect(of(parts, 'eth0', 'fa:16:3e:00:00:40').map(brief)).toEqual([
      { dhcp6: 'no', ra: true, raBy: 'kernel', reader: 'initscripts' },
    ])
    const [eth1] = of(parts, 'eth1', 'fa:16:3e:00:00:41')
    expect(eth1).toMatchObject({ dhcp6: 'no', ra: false, static6: ['2001:db8:21::5/64'], line: 8 })
    expect(eth1!.stanza).toBe(
      [
        'DEVICE=eth1',
        'HWADDR=fa:16:3e:00:00:41',
        'IPV6ADDR=2001:db8:21::5/64',
        'IPV6INIT=yes',
        'IPV6_AUTOCONF=no',
        'IPV6_FORCE_ACCEPT_RA=no',
        'NM_CONTROLLED=no',
      ].join('\n'),
    )
    // cloud-init rewrites the files at boot: remedies say so.
    expect(parseNetconf(parts).map((f) => [f.file, f.generatedBy])).toEqual([
      ['/etc/sysconfig/network-scripts/ifcfg-eth0', 'cloud-init'],
      ['/etc/sysconfig/network-scripts/ifcfg-eth1', 'cloud-init'],
    ])
    // A global IPV6_AUTOCONF=no with nothing in the file: initscripts take the global value.
    const bare = part(IFCFG, 'DEVICE=eth0\nIPV6INIT=yes\nNM_CONTROLLED=no\n')
    expect(of([bare, parts.find((p) => p.label === '/etc/sysconfig/network')!]).map((i) => i.ra)).toEqual([false])
  })

  test('initscripts: DHCPV6C_OPTIONS -P alone asks for a prefix only; IPV6INIT=no configures nothing; forwarding needs IPV6_AUTOCONF=yes', () => {
    const f = (body: string) => of([part(IFCFG, `DEVICE=eth0\nNM_CONTROLLED=no\n${body}`)])[0]!
    expect(f('IPV6INIT=yes\nDHCPV6C=yes\nDHCPV6C_OPTIONS="-P"\n').dhcp6).toBe('no')
    expect(f('IPV6INIT=yes\nDHCPV6C=yes\nDHCPV6C_OPTIONS="-N -P"\n').dhcp6).toBe('stateful')
    expect(f('IPV6INIT=no\nDHCPV6C=yes\n')).toMatchObject({ dhcp6: 'no', ra: undefined })
    expect(f('IPV6FORWARDING=yes\n').ra).toBe(false)
    expect(f('IPV6FORWARDING=yes\nIPV6_AUTOCONF=yes\n').detail).toContain('RAs taken (accept_ra 2)')
  })
})

describe('ifcfg files read by NetworkManager (ifcfg-rh)', () => {
  const nm = (body: string, extra: Part[] = [NM_CONF]) =>
    of([part(IFCFG, `DEVICE=eth0\nNAME="System eth0"\n${body}`), ...extra])
  test('a guest with a NetworkManager.conf: NetworkManager reads the file; IPV6INIT unset is ipv6.method=ignore (the kernel does SLAAC)', () => {
    expect(nm('BOOTPROTO=dhcp\n').map((i) => [i.reader, i.dhcp6, i.ra, i.raBy])).toEqual([
      ['networkmanager', 'no', undefined, 'kernel'],
    ])
    expect(nm('BOOTPROTO=dhcp\n')[0]!.detail).toBe(
      'IPV6INIT unset (no), read by NetworkManager (ifcfg-rh) as ipv6.method=ignore: IPv6 left to the kernel, SLAAC only, no DHCPv6',
    )
    // Without NetworkManager.conf the same file is initscripts', which set IPv6 up.
    expect(nm('BOOTPROTO=dhcp\n', []).map((i) => [i.reader, i.ra])).toEqual([['initscripts', true]])
  })

  test('IPV6_AUTOCONF=yes is method auto; DHCPV6C=yes without autoconf is method dhcp (DHCPV6C_OPTIONS is not read)', () => {
    expect(nm('IPV6INIT=yes\nIPV6_AUTOCONF=yes\n').map(brief)).toEqual([
      { dhcp6: 'follow-ra', ra: true, raBy: 'networkmanager', reader: 'networkmanager' },
    ])
    expect(nm('IPV6INIT=yes\nIPV6_AUTOCONF=no\nDHCPV6C=yes\nDHCPV6C_OPTIONS=-S\n').map(brief)).toEqual([
      { dhcp6: 'stateful', ra: false, raBy: 'networkmanager', reader: 'networkmanager' },
    ])
    expect(nm('IPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=2001:db8::5/64\n')[0]!.detail).toContain(
      'ipv6.method=manual: fixed addresses',
    )
  })

  test("addr-gen-mode: what the installer writes (stable-privacy), NetworkManager 1.40's default, unset, and NetworkManager.conf's global default", () => {
    const gen = (body: string, extra?: Part[]) => nm(`IPV6INIT=yes\nIPV6_AUTOCONF=yes\n${body}`, extra)[0]!.addrGen
    expect(gen('IPV6_ADDR_GEN_MODE=stable-privacy\n')).toEqual({
      mode: 'stable-privacy',
      why: 'IPV6_ADDR_GEN_MODE=stable-privacy',
    })
    expect(gen('IPV6_ADDR_GEN_MODE=default\n')).toEqual({
      mode: 'stable-privacy',
      why: 'IPV6_ADDR_GEN_MODE=default, no global ipv6.addr-gen-mode: stable-privacy',
    })
    expect(gen('')).toEqual({
      mode: 'eui64',
      why: 'IPV6_ADDR_GEN_MODE unset: default-or-eui64 (NetworkManager 1.40 and later; eui64 before), no global ipv6.addr-gen-mode: eui64',
    })
    const global = part('/etc/NetworkManager/conf.d/90-ipv6.conf', '[connection]\nipv6.addr-gen-mode=stable-privacy\n')
    expect(gen('', [NM_CONF, global])?.mode).toBe('stable-privacy')
    expect(gen('', [NM_CONF, global])?.why).toContain(
      '/etc/NetworkManager/conf.d/90-ipv6.conf:2 sets ipv6.addr-gen-mode=stable-privacy',
    )
  })

  test('keyfiles: no addr-gen-mode is default-or-eui64 (eui64); default falls back to stable-privacy; cloud-init 22.4 writes none', () => {
    const kf = (ipv6: string) =>
      of([
        part(
          '/etc/NetworkManager/system-connections/a.nmconnection',
          `[connection]\nid=a\ninterface-name=eth0\n[ipv6]\nmethod=auto\n${ipv6}`,
        ),
      ])[0]!.addrGen
    expect(kf('')?.mode).toBe('eui64')
    expect(kf('addr-gen-mode=default\n')?.mode).toBe('stable-privacy')
    expect(kf('addr-gen-mode=1\n')).toEqual({ mode: 'stable-privacy', why: 'ipv6.addr-gen-mode=1' })
    expect(of(confParts('nm.dhcp6'), 'eth0', 'fa:16:3e:00:00:30')[0]!.addrGen?.mode).toBe('eui64')
  })
})

describe('shell variable files', () => {
  test('quotes, escapes, export, comments; the last assignment wins', () => {
    const v = shvar('# c\nNAME="System eth0"\nA=\'x y\'\nexport B=1\nC="a\\"b"\nD=plain # note\nA=2\n')
    expect(Object.fromEntries([...v].map(([k, x]) => [k, x.value]))).toEqual({
      NAME: 'System eth0',
      A: '2',
      B: '1',
      C: 'a"b',
      D: 'plain',
    })
  })
  test('backup files and alias files are no configuration; a bond port carries none', () => {
    const files = parseNetconf([
      part(`${IFCFG}.bak`, 'DEVICE=eth0\n'),
      part(`${IFCFG}:1`, 'DEVICE=eth0:1\n'),
      part(IFCFG, 'DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n'),
    ])
    expect(files.map((f) => [f.file, f.intents.length])).toEqual([[IFCFG, 0]])
  })
})
