// Sysctl and interface names in the targets file: the schema refuses what the run would refuse
// (the observation script's rule for sysctl paths, the kernel's dev_valid_name for interfaces), so
// a bad name exits 2 at validate time with file:line, instead of failing a host at run time.
import { describe, expect, test } from 'vitest'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { isInterfaceName, isSysctlName, sysctlName } from '../../../lib/targets/schema.ts'
import { isSafeSysctlPath, sysctlPath } from '../../../lib/targets/sysctl-path.ts'
import { observationScript } from '../../../lib/observe/script.ts'

function errorsOf(text: string): string[] {
  try {
    loadTargetsText(text, 'targets.yaml', { env: {}, baseDir: '/lab' })
    return []
  } catch (e) {
    if (!(e instanceof TargetsError)) throw e
    return [...e.lines]
  }
}

const SYSCTL_ERROR =
  'invalid sysctl name: want "net.ipv6.conf.eth0.accept_ra" or "net/ipv6/conf/eth0.100/accept_ra", with only letters, digits, "_", "-", "." and "/"'
const IFACE_ERROR =
  'invalid interface name: the kernel takes 1 to 15 bytes without "/", ":" or spaces, and not "." or ".."'

describe('sysctl names: one rule with the observation script', () => {
  const good = [
    'net.ipv6.conf.all.accept_ra',
    'net.ipv4.ip_forward',
    'net.ipv6.conf.eth0/100.accept_ra', // sysctl -a's form of a VLAN
    'net/ipv6/conf/eth0.100/accept_ra',
    'net.ipv6.conf.br-ex.forwarding',
    'net.ipv6.conf.eth0_1.accept_ra',
    'kernel.hostname',
  ]
  // The names the schema used to take and the script refused (`@`, `:`, `+`), and worse.
  const bad = [
    'net.ipv4.conf.a+b.forwarding',
    'net.ipv4.conf.veth@if3.forwarding',
    'net.ipv4.conf.eth0:1.forwarding',
    'net/ipv4/conf/a+b/forwarding',
    'net/ipv4/conf/../../../etc/shadow',
    'net/ipv4/./ip_forward',
    'net.ipv4..ip_forward',
    'net.ipv6.',
    'net.ipv4.conf.$(touch pwned).forwarding',
    'net.ipv4.ip_forward; id',
    '/proc/sys/net/ipv4/ip_forward',
    'net',
    '',
  ]

  test.for(good)('accepts %s', (k) => expect(isSysctlName(k)).toBe(true))
  test.for(bad)('refuses %j', (k) => expect(isSysctlName(k)).toBe(false))

  test('every name the schema accepts is a path the script reads, and the script builds with it', () => {
    // What lib/observe/host.ts does with a resolved key: sysctlName (resolve.ts), then sysctlPath.
    const chars = ['a', 'Z', '0', '_', '-', '.', '/', '+', '@', ':', ' ', '$', ';', "'"]
    let accepted = 0
    for (let i = 0; i < 4000; i++) {
      const tail = Array.from(
        { length: 1 + (i % 7) },
        (_, j) => chars[(i * 31 + j * 17 + (i >> 3) * j) % chars.length],
      ).join('')
      const name = `net.ipv4.conf.${tail}.forwarding`
      const path = sysctlPath(sysctlName(name))
      expect(isSysctlName(name), name).toBe(isSafeSysctlPath(path))
      if (!isSysctlName(name)) continue
      accepted++
      expect(() => observationScript('abc123', { sysctls: [path] }), name).not.toThrow()
    }
    expect(accepted).toBeGreaterThan(100)
  })

  test('a refused name exits the loader with its path and file:line:col', () => {
    const text =
      'targets:\n  t:\n    hosts:\n      - name: h\n        sysctl:\n          "net.ipv4.conf.a+b.forwarding": 1\n          net.ipv4.ip_forward: 1\n'
    expect(errorsOf(text)).toEqual([
      `targets.yaml:6:11: targets.t.hosts[0].sysctl["net.ipv4.conf.a+b.forwarding"]: ${SYSCTL_ERROR}`,
    ])
    // In a role too: roles share the settings schema.
    expect(
      errorsOf('targets:\n  t:\n    roles:\n      r: { sysctl: { "net/ipv4/conf/a:b/forwarding": 1 } }\n'),
    ).toEqual([`targets.yaml:4:22: targets.t.roles.r.sysctl["net/ipv4/conf/a:b/forwarding"]: ${SYSCTL_ERROR}`])
  })
})

describe("interface names: the kernel's dev_valid_name", () => {
  test.for([
    'eth0',
    'eth0.100',
    'br-ex',
    'veth@x',
    'a+b',
    'x;>pwned',
    '$(>pwned)',
    'a'.repeat(15),
    'é'.repeat(7),
    '..a',
    '...',
  ])('accepts %j', (n) => expect(isInterfaceName(n)).toBe(true))

  test.for([
    ['eth0:1', "':' (the old alias syntax is a label, not a device)"],
    ['eth/0', "'/'"],
    ['eth 0', 'a space'],
    ['eth\t0', 'a tab'],
    ['eth0\n', 'a newline'],
    ['eth\u000b0', 'a vertical tab'],
    ['a\u0000b', 'a NUL'],
    ['à', 'the byte 0xA0 (C3 A0), which the kernel isspace() takes for a space'],
    ['', 'nothing'],
    ['.', '"."'],
    ['..', '".."'],
    ['a'.repeat(16), '16 bytes'],
    ['é'.repeat(8), '16 bytes in 8 characters'],
  ] as const)('refuses %j: %s', ([n]) => expect(isInterfaceName(n)).toBe(false))

  test('a refused name exits the loader with its path and file:line:col', () => {
    expect(
      errorsOf(
        'targets:\n  t:\n    hosts:\n      - name: h\n        interfaces:\n          "eth0:1": { ipv6: required }\n',
      ),
    ).toEqual([`targets.yaml:6:11: targets.t.hosts[0].interfaces["eth0:1"]: ${IFACE_ERROR}`])
  })
})
