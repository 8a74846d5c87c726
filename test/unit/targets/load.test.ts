import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadTargetsFile, loadTargetsText } from '../../../lib/targets/load.ts'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const fixtures = `${root}test/fixtures/targets/`
const example = readFileSync(`${root}targets.example.yaml`, 'utf8')

/** The rendered error lines, or [] when the text is valid. */
function errorsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    loadTargetsText(text, 'targets.yaml', { env, baseDir: '/lab' })
    return []
  } catch (e) {
    if (!(e instanceof TargetsError)) throw e
    return [...e.lines]
  }
}

/** Replace exactly one occurrence, so a test cannot silently edit nothing. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" occurs once`).toBe(1)
  return text.replace(from, to)
}

/**
 * Where `needle` sits in `text` (1-based line and column), found by text search: an independent
 * route to the position that the loader finds through the YAML tree.
 */
function pos(text: string, lineHolding: string, needle: string): string {
  const lines = text.split('\n')
  const i = lines.findIndex((l) => l.includes(lineHolding))
  expect(i, `a line holds "${lineHolding}"`).toBeGreaterThanOrEqual(0)
  const col = (lines[i] ?? '').indexOf(needle)
  expect(col).toBeGreaterThanOrEqual(0)
  return `targets.yaml:${i + 1}:${col + 1}`
}

describe('targets.example.yaml', () => {
  test('validates with OS_PASSWORD unset, and every target resolves', () => {
    const f = loadTargetsFile(`${root}targets.example.yaml`, { env: {} })
    expect(Object.keys(f.targets)).toEqual(['lab1', 'dual1'])
    const lab1 = resolveTarget(f, 'lab1')
    expect(lab1.hosts.map((h) => h.name)).toEqual(['jump1', 'ctl1', 'ctl2', 'cmp1', 'cmp2', 'vm1'])
    expect(lab1.openstack?.password).toBe('')
    expect(lab1.waivers[0]?.expires).toBe('2027-01-31') // YAML 1.2 core: a date stays a string
    const dual1 = resolveTarget(f, 'dual1')
    expect(dual1.stack).toBe('dual-stack')
    expect(dual1.openstack).toEqual({ cloud: 'dual1', catalog: { interfaces: ['public'] } })
    expect(dual1.hosts[0]?.ssh?.user).toBe('ubuntu') // the anchor merged, then overridden
  })
})

describe('a broken copy of the example gives one exact line', () => {
  test('(a) a bad IPv6 address', () => {
    const t = edit(example, 'address: 2001:db8::11\n', 'address: 2001:db8::zz\n')
    expect(errorsOf(t)).toEqual([
      `${pos(t, 'address: 2001:db8::zz', '2001:db8::zz')}: targets.lab1.hosts[1].address: invalid IPv6 address`,
    ])
  })

  test('(b) a misspelled key points at the key', () => {
    const t = edit(example, 'address: cmp1.lab1.example.net', 'adress: cmp1.lab1.example.net')
    expect(errorsOf(t)).toEqual([`${pos(t, 'adress:', 'adress')}: targets.lab1.hosts[3]: Unrecognized key: "adress"`])
  })

  test('(c) an unset ${VAR} points at its scalar', () => {
    const t = edit(example, 'password: ${OS_PASSWORD:-}', 'password: ${OS_PASSWORD}')
    expect(errorsOf(t)).toEqual([
      `${pos(t, 'password: ${OS_PASSWORD}', '${')}: targets.lab1.openstack.password: environment variable OS_PASSWORD is not set`,
    ])
    expect(errorsOf(t, { OS_PASSWORD: 's3cret' })).toEqual([])
  })

  test('(d) an unknown role points at the role, and at the role that was probably meant', () => {
    const t = edit(example, 'roles: [compute, container-host]', 'roles: [compute, container-hots]')
    expect(errorsOf(t)).toEqual([
      `${pos(t, 'container-hots', 'container-hots')}: targets.lab1.hosts[4].roles[1]: unknown role "container-hots"; did you mean "container-host"?`,
    ])
  })

  test('(e) an unaligned overlay cidr', () => {
    const t = edit(example, 'cidr: 2001:db8:100::/48', 'cidr: 2001:db8:100::1/48')
    expect(errorsOf(t)).toEqual([
      `${pos(t, 'cidr: 2001:db8:100::1/48', '2001')}: targets.lab1.openstack.overlay.cidr: "2001:db8:100::1/48" is not aligned: the /48 that holds it is 2001:db8:100::/48`,
    ])
  })

  test('(f) a YAML syntax error: only the first, at its position', () => {
    const t = edit(example, 'address: 2001:db8::12', 'address: "2001:db8::12')
    const line = t.split('\n').findIndex((l) => l.includes('"2001:db8::12')) + 1
    const col = (t.split('\n')[line - 1] ?? '').length + 1 // the parser notices at the end of the line
    expect(errorsOf(t)).toEqual([`targets.yaml:${line}:${col}: YAML syntax error: Missing closing "quote`])
  })
})

describe('test/fixtures/targets/broken.yaml: errors with hand-checked positions', () => {
  test('every error is collected, in file order', () => {
    let err: unknown
    try {
      loadTargetsFile(`${fixtures}broken.yaml`, { env: {} })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(TargetsError)
    const label = `${fixtures}broken.yaml`
    expect((err as TargetsError).lines).toEqual([
      `${label}:7:17: targets.lab1.openstack.password: environment variable V6READY_TEST_UNSET is not set`,
      `${label}:9:39: targets.lab1.openstack.overlay.cidr: "2001:db8:100::1/48" is not aligned: the /48 that holds it is 2001:db8:100::/48`,
      `${label}:15:18: targets.lab1.hosts[0].address: invalid IPv6 address`,
      `${label}:18:9: targets.lab1.hosts[1]: Unrecognized key: "adress"`,
      `${label}:19:29: targets.lab1.hosts[1].roles[1]: unknown role "compute"`,
    ])
    expect((err as TargetsError).errors[2]).toEqual({
      file: label,
      path: 'targets.lab1.hosts[0].address',
      message: 'invalid IPv6 address',
      line: 15,
      col: 18,
    })
  })

  test('the file label is the path as given', () => {
    const rel = 'test/fixtures/targets/broken.yaml'
    const cwd = process.cwd()
    try {
      process.chdir(root)
      expect(() => loadTargetsFile(rel, { env: {} })).toThrow(`${rel}:15:18: `)
    } finally {
      process.chdir(cwd)
    }
  })

  test('a missing file is a TargetsError naming it', () => {
    expect(() => loadTargetsFile('/nonexistent/targets.yaml')).toThrow(
      /^\/nonexistent\/targets\.yaml: cannot read the targets file: .*ENOENT/,
    )
  })
})

const minimal = (hostLines: string, extra = '') => `targets:
  t:
${extra}    hosts:${hostLines === '' ? ' []\n' : `\n${hostLines}`}`

describe('values', () => {
  test('host addresses: names, IPv6 with a zone, IPv4; and what is wrong with the rest', () => {
    const host = (a: string) => errorsOf(minimal(`      - { name: h, address: "${a}" }\n`))
    expect(host('fe80::1%eth0')).toEqual([])
    expect(host('cmp1.lab1.example.net')).toEqual([])
    expect(host('198.51.100.7')).toEqual([])
    expect(host('[2001:db8::1]')).toEqual(['targets.yaml:4:29: targets.t.hosts[0].address: invalid IPv6 address'])
    expect(host('999.1.1.1')).toEqual(['targets.yaml:4:29: targets.t.hosts[0].address: invalid IPv4 address'])
    expect(host('bad name')).toEqual(['targets.yaml:4:29: targets.t.hosts[0].address: invalid host name'])
  })

  test('a duplicate host name is reported at the second one', () => {
    expect(errorsOf(minimal('      - name: a\n      - name: b\n      - name: a\n'))).toEqual([
      'targets.yaml:6:15: targets.t.hosts[2].name: duplicate host name "a" (first at hosts[0])',
    ])
  })

  test('resolvers, waivers, listeners and interface addresses', () => {
    const dns = (r: string) => errorsOf(minimal('', `    dns: { resolvers: ["${r}"] }\n`))
    expect(dns('[2001:db8::53]:53')).toEqual([])
    expect(dns('2001:db8::53')).toEqual([])
    expect(dns('2001:db8::53:53:53:53:53:53')).toHaveLength(1) // nine groups
    expect(dns('[2001:db8::53]:0')).toHaveLength(1)
    expect(dns('192.0.2.53')).toHaveLength(1)

    const waiver = (w: string) => errorsOf(minimal('', `    waivers: [${w}]\n`))
    expect(waiver('{ check: hosts.listeners.ipv6, subject: "h:22", reason: r, expires: 2027-02-28 }')).toEqual([])
    expect(waiver('{ check: hosts.listeners.ipv6, subject: "h:22", reason: r, expires: 2027-02-29 }')).toEqual([
      'targets.yaml:3:83: targets.t.waivers[0].expires: expected a date YYYY-MM-DD',
    ])
    expect(waiver('{ check: listeners.ipv6, subject: "h:22", reason: r, expires: 2027-01-01 }')[0]).toMatch(
      /^targets\.yaml:\d+:\d+: targets\.t\.waivers\[0\]\.check: invalid check ID/,
    )

    // Inside a list of listeners, the listener's own problem is reported, not "Invalid input".
    const listeners = (l: string) => errorsOf(minimal(`      - { name: h, listeners: ${l} }\n`))
    expect(listeners('auto')).toEqual([])
    expect(listeners('[{ port: 0 }]')).toEqual([
      'targets.yaml:4:40: targets.t.hosts[0].listeners[0].port: Too small: expected number to be >=1',
    ])
    expect(listeners('automatic')).toEqual([
      'targets.yaml:4:31: targets.t.hosts[0].listeners: expected "auto" or a list of { port, service, address }',
    ])

    const iface = (i: string) => errorsOf(minimal(`      - { name: h, interfaces: { eth0: ${i} } }\n`))
    expect(iface('{ addresses: ["2001:db8::11/64", "2001:db8::11"] }')).toEqual([]) // host bits allowed here
    expect(iface('{ addresses: ["2001:db8::11/129"] }')).toHaveLength(1)
    expect(iface('{ ipv6: forbidden, addresses: ["2001:db8::11"] }')).toHaveLength(1)
  })

  test('openstack: inline credentials, or cloud alone, or neither (OS_CLOUD then names the cloud)', () => {
    const os = (o: string) => errorsOf(minimal('', `    openstack: ${o}\n`))
    expect(os('{ cloud: c1, region: R, overlay: { enabled: true, cidr: "2001:db8:100::/48" } }')).toEqual([])
    expect(os('{ cloud: c1, password: x }')).toEqual([
      'targets.yaml:3:39: targets.t.openstack.password: not allowed with "cloud": clouds.yaml holds the credentials',
    ])
    expect(os('{ auth_url: "https://[2001:db8::15]:5000/v3", username: u }')).toEqual([
      'targets.yaml:3:16: targets.t.openstack: password is required (or set "cloud" to read clouds.yaml, or leave all four out and export OS_CLOUD)',
      'targets.yaml:3:16: targets.t.openstack: project is required (or set "cloud" to read clouds.yaml, or leave all four out and export OS_CLOUD)',
    ])
    expect(os('{ region: R, catalog: { interfaces: [public] } }')).toEqual([])
    expect(os('{ cloud: c1, overlay: { enabled: true } }')).toEqual([
      'targets.yaml:3:38: targets.t.openstack.overlay: cidr is required when the overlay is enabled',
    ])
  })

  test('"local" is reserved, and a bad record key points at the key', () => {
    expect(errorsOf('targets:\n  local: {}\n')).toEqual([
      'targets.yaml:2:3: targets.local: "local" is the built-in target; choose another name',
    ])
    expect(errorsOf(minimal('      - { name: h, sysctl: { "net ipv6": 1 } }\n'))[0]).toMatch(
      /^targets\.yaml:4:30: targets\.t\.hosts\[0\]\.sysctl\["net ipv6"\]: invalid sysctl name/,
    )
  })

  test('a duplicate key is an error with its path, and does not hide schema errors', () => {
    expect(errorsOf(minimal('      - name: h\n        address: a\n        address: 2001:db8::zz\n'))).toEqual([
      'targets.yaml:6:9: targets.t.hosts[0].address: duplicate key: each key may appear once in a mapping',
      'targets.yaml:6:18: targets.t.hosts[0].address: invalid IPv6 address',
    ])
  })

  test('an error in a merged anchor is located where the value is written', () => {
    const text = 'x-ssh: &s\n  port: 70000\ntargets:\n  t:\n    ssh: { <<: *s, user: u }\n'
    expect(errorsOf(text)).toEqual(['targets.yaml:2:9: targets.t.ssh.port: Too big: expected number to be <=65535'])
  })

  test('YAML 1.2 core even under a %YAML 1.1 directive: a MAC and "no" stay strings', () => {
    const text =
      '%YAML 1.1\n---\ntargets:\n  t:\n    waivers:\n      - { check: hosts.a.b, subject: 00:11:22:33:44:55, reason: no, expires: 2027-01-01 }\n'
    const f = loadTargetsText(text, 'targets.yaml', { env: {} })
    expect(f.targets.t?.waivers[0]).toEqual({
      check: 'hosts.a.b',
      subject: '00:11:22:33:44:55',
      reason: 'no',
      expires: '2027-01-01',
    })
  })
})

describe('${VAR} substitution', () => {
  // Block style: in a flow mapping `{ }` an unquoted ${VAR} is a YAML syntax error ('{' and '}').
  const pw = (value: string, env: Record<string, string>) =>
    loadTargetsText(
      `targets:\n  t:\n    openstack:\n      auth_url: "https://[2001:db8::15]:5000/v3"\n      username: u\n      project: p\n      password: ${value}\n`,
      'targets.yaml',
      { env },
    ).targets.t?.openstack?.password

  test('${VAR:-default} takes the default when VAR is unset or empty, else VAR', () => {
    expect(pw('"${PW:-fallback}"', {})).toBe('fallback')
    expect(pw('"${PW:-fallback}"', { PW: '' })).toBe('fallback')
    expect(pw('"${PW:-fallback}"', { PW: 'set' })).toBe('set')
    expect(pw('"a-${PW}-b"', { PW: 'x' })).toBe('a-x-b')
  })

  test('a secret holding ": #" survives, because substitution happens after parsing', () => {
    expect(pw('${OS_PASSWORD}', { OS_PASSWORD: 'p@ss: #word' })).toBe('p@ss: #word')
    expect(pw("'${OS_PASSWORD}'", { OS_PASSWORD: "it's ${NOT_EXPANDED}" })).toBe("it's ${NOT_EXPANDED}")
  })

  test('$${ is a literal ${, and a malformed reference is an error', () => {
    expect(pw('"$${HOME}"', {})).toBe('${HOME}')
    expect(() => pw('"${1BAD}"', {})).toThrow('targets.t.openstack.password: malformed variable reference')
  })

  test('substitution runs on values, read from the env given (not process.env)', () => {
    process.env.V6READY_TEST_ONLY_IN_PROCESS = 'leak'
    try {
      expect(() => pw('${V6READY_TEST_ONLY_IN_PROCESS}', {})).toThrow(
        'environment variable V6READY_TEST_ONLY_IN_PROCESS is not set',
      )
    } finally {
      delete process.env.V6READY_TEST_ONLY_IN_PROCESS
    }
  })
})
