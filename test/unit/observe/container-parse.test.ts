// The containers section on real captures (test/fixtures/observe/container/capture.sh): a Docker
// host built by hand in namespaces (docker0, two containers, NDP proxy on eth0), with NAT66 from
// ip6tables (nf_tables backend), from native nft tables, from legacy ip6tables, observed as root,
// as nobody, and with the tools missing; and a routed host with only IPv4 masquerade.
import { describe, expect, test } from 'vitest'
import { prefixContains, prefixesOverlap, prefixNetwork } from '../../../lib/net/index.ts'
import type { Part } from '../../../lib/observe/parse/parts.ts'
import { fixedCidrV6, parseDaemonJson, parseDockerdVersion } from '../../../lib/observe/parse/docker-daemon.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { parseIp6tablesNat, parseNftNat, readNat } from '../../../lib/observe/parse/nat6.ts'
import { neighFromPart, parseNeigh } from '../../../lib/observe/parse/neigh.ts'
import { parseParts, partOf } from '../../../lib/observe/parse/parts.ts'
import { CONTAINER_PARTS } from '../../../lib/observe/parts-script.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from './fixtures.ts'

const { daemonJson, ip6tablesNat, nft, neigh, proxyNeigh, dockerdVersion } = CONTAINER_PARTS

/** The containers section of a capture, split into its parts as the observation's parser does. */
function parts(name: string): Part[] {
  const section = splitSections(fixture(`container/${name}`), 'fixture1').sections.containers
  if (section === undefined) throw new Error(`${name}: no containers section`)
  return parseParts(section)
}
const part = (name: string, label: string): Part => {
  const p = partOf(parts(name), label)
  if (!p) throw new Error(`${name}: no part ${label}`)
  return p
}
const text = (name: string, label: string): string => part(name, label).text
const file = (name: string): Part => ({
  label: daemonJson,
  text: fixture(`container/${name}`),
  exit: 0,
  truncated: false,
})

const C1 = '2001:db8:0:1:242:242:ac11:2'
const C2 = '2001:db8:0:1:242:242:ac11:3'

describe('the containers section', () => {
  test('holds the six parts, each with its exit status', () => {
    const ps = parts('docker-host.ndp-proxy.txt')
    expect(ps.map((p) => [p.label, p.exit, p.truncated])).toEqual(
      Object.values(CONTAINER_PARTS).map((l) => [l, 0, false]),
    )
    // daemon.json is always attempted, so an absent file is a part with cat's error, not a missing part.
    expect(part('docker-host.no-tools.txt', daemonJson)).toMatchObject({
      exit: 1,
      text: 'cat: /etc/docker/daemon.json: No such file or directory\n',
    })
    expect(part('docker-host.no-tools.txt', nft)).toMatchObject({ exit: 127 })
  })

  test("dockerd --version: Debian 12's docker.io as recorded, no dockerd, and output that is not a version", () => {
    expect(parseDockerdVersion(part('docker-host.ndp-proxy.txt', dockerdVersion), dockerdVersion)).toEqual({
      state: 'ok',
      version: '20.10.24+dfsg1',
      major: 20,
      minor: 10,
      text: 'Docker version 20.10.24+dfsg1, build 5d6db84',
    })
    // The non-root login reads it too: dockerd --version needs no daemon and no root.
    expect(parseDockerdVersion(part('docker-host.non-root.txt', dockerdVersion), dockerdVersion).state).toBe('ok')
    expect(parseDockerdVersion(part('docker-host.no-tools.txt', dockerdVersion), dockerdVersion)).toEqual({
      state: 'missing',
      reason: `dockerd --version: no dockerd ("env: 'dockerd': No such file or directory")`,
    })
    const other = (text: string, exit = 0): Part => ({ label: dockerdVersion, text, exit, truncated: false })
    expect(parseDockerdVersion(other('Docker version 28.1.1, build 01f442b\n'), dockerdVersion)).toMatchObject({
      version: '28.1.1',
      major: 28,
      minor: 1,
    })
    expect(parseDockerdVersion(other('podman version 4.3.1\n'), dockerdVersion)).toEqual({
      state: 'failed',
      reason: 'dockerd --version: no "Docker version" in "podman version 4.3.1"',
    })
    expect(parseDockerdVersion(other('Segmentation fault\n', 139), dockerdVersion).state).toBe('failed')
    expect(parseDockerdVersion(undefined, dockerdVersion)).toEqual({
      state: 'failed',
      reason: 'dockerd --version: not in the observation (cut short?)',
    })
  })

  test('is parsed when the facts are made: daemon.json, both NAT listings and both neighbour tables, each by its command', () => {
    const f = parseHostFacts(
      splitSections(fixture('container/docker-host.ip6tables-nat66.txt'), 'fixture1').sections,
    ).containers
    if (!f.ok) throw new Error(f.error)
    const { daemon, nat } = f.value
    expect(daemon).toEqual({
      path: daemonJson,
      json: parseDaemonJson(part('docker-host.ip6tables-nat66.txt', daemonJson)),
    })
    expect(daemon.json).toMatchObject({
      state: 'ok',
      fixedCidrV6: { ok: true, prefix: '2001:db8:0:1:242::/80', prefixlen: 80 },
    })
    expect(nat.ip6tables).toEqual({
      command: ip6tablesNat,
      read: readNat(part('docker-host.ip6tables-nat66.txt', ip6tablesNat), ip6tablesNat, parseIp6tablesNat, true),
    })
    expect(nat.ip6tables.read).toMatchObject({
      state: 'ok',
      rules: [{ text: '-A POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE' }],
    })
    expect(nat.nft).toEqual({
      command: nft,
      read: readNat(part('docker-host.ip6tables-nat66.txt', nft), nft, parseNftNat),
    })
    expect(f.value.neigh).toEqual(neighFromPart(part('docker-host.ip6tables-nat66.txt', neigh), neigh))
    expect(f.value.proxyNeigh).toEqual(neighFromPart(part('docker-host.ip6tables-nat66.txt', proxyNeigh), proxyNeigh))
  })

  test('a part the section lacks is read as missing, with the reason, not thrown', () => {
    const f = parseHostFacts(
      splitSections(fixture('container/docker-host.no-tools.txt'), 'fixture1').sections,
    ).containers
    if (!f.ok) throw new Error(f.error)
    expect(f.value.daemon.json).toEqual({
      state: 'absent',
      note: 'cat: /etc/docker/daemon.json: No such file or directory',
    })
    expect(f.value.nat.nft.read).toMatchObject({ state: 'missing' })
  })
})

describe('parseDaemonJson', () => {
  test('the captured file: an object with ipv6 and fixed-cidr-v6', () => {
    const d = parseDaemonJson(part('docker-host.ndp-proxy.txt', daemonJson))
    expect(d).toMatchObject({ state: 'ok', settings: { ipv6: true, 'fixed-cidr-v6': '2001:db8:0:1:242::/80' } })
  })

  test('absent: cat says so, with status 1', () => {
    expect(parseDaemonJson(part('docker-host.no-tools.txt', daemonJson))).toEqual({
      state: 'absent',
      note: 'cat: /etc/docker/daemon.json: No such file or directory',
    })
  })

  test('invalid JSON: the parse error, never a throw', () => {
    const d = parseDaemonJson(file('daemon.invalid.json'))
    expect(d.state).toBe('invalid')
    expect(d.state === 'invalid' && d.note).toMatch(/^not valid JSON: .*double-quoted property name/)
    expect(parseDaemonJson({ ...file('daemon.invalid.json'), text: '[1, 2]' })).toMatchObject({
      state: 'invalid',
      note: 'a JSON array, not an object',
    })
    expect(parseDaemonJson({ ...file('daemon.invalid.json'), text: '\u0000\u00ff garbage' }).state).toBe('invalid')
  })

  test('a blank file is no settings, as dockerd reads it', () => {
    expect(parseDaemonJson({ ...file('daemon.invalid.json'), text: ' \n' })).toMatchObject({
      state: 'ok',
      settings: {},
    })
  })

  test('unreadable: not in the output, cut at the limit, or cat failing otherwise', () => {
    expect(parseDaemonJson(undefined).state).toBe('unreadable')
    expect(parseDaemonJson({ label: daemonJson, text: '{"ipv6": tr', truncated: true }).state).toBe('unreadable')
    expect(
      parseDaemonJson({
        label: daemonJson,
        text: 'cat: /etc/docker/daemon.json: Permission denied\n',
        exit: 1,
        truncated: false,
      }),
    ).toEqual({
      state: 'unreadable',
      note: 'cat exited 1: "cat: /etc/docker/daemon.json: Permission denied"',
    })
  })
})

describe('fixedCidrV6', () => {
  test('the network dockerd uses: host bits cleared, length kept', () => {
    expect(fixedCidrV6({ 'fixed-cidr-v6': '2001:db8:0:1:242::/80' })).toEqual({
      ok: true,
      written: '2001:db8:0:1:242::/80',
      prefix: '2001:db8:0:1:242::/80',
      prefixlen: 80,
    })
    expect(fixedCidrV6({ 'fixed-cidr-v6': '2001:DB8:0:1:242::1/80' })).toMatchObject({
      ok: true,
      prefix: '2001:db8:0:1:242::/80',
    })
    expect(fixedCidrV6({ 'fixed-cidr-v6': '2001:db8::c008/125' })).toMatchObject({
      ok: true,
      prefix: '2001:db8::c008/125',
      prefixlen: 125,
    })
  })

  test('says what is wrong otherwise', () => {
    expect(fixedCidrV6({})).toEqual({ ok: false, why: 'no "fixed-cidr-v6"' })
    expect(fixedCidrV6({ 'fixed-cidr-v6': 80 })).toEqual({ ok: false, why: '"fixed-cidr-v6" is 80, not a string' })
    expect(fixedCidrV6({ 'fixed-cidr-v6': '198.51.100.0/24' })).toEqual({
      ok: false,
      why: '"fixed-cidr-v6" "198.51.100.0/24" is an IPv4 prefix',
    })
    expect(fixedCidrV6({ 'fixed-cidr-v6': '2001:db8::' })).toEqual({
      ok: false,
      why: '"fixed-cidr-v6" "2001:db8::" is not an address/length prefix',
    })
  })
})

describe('parseIp6tablesNat', () => {
  test("Docker's MASQUERADE, kept as saved, with the command that deletes it", () => {
    const s = parseIp6tablesNat(text('docker-host.ip6tables-nat66.txt', ip6tablesNat))
    expect(s).toEqual({
      rules: [
        {
          text: '-A POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE',
          remove: 'ip6tables -t nat -D POSTROUTING -s 2001:db8:0:1:242::/80 ! -o docker0 -j MASQUERADE',
        },
      ],
      notes: [],
    })
  })

  test('no rules: the empty nat table iptables-nft prints when there is none', () => {
    expect(parseIp6tablesNat(text('routed-host.clean.txt', ip6tablesNat))).toEqual({ rules: [], notes: [] })
  })

  test("a native nft table named nat: ip6tables-save says it can't show it", () => {
    expect(parseIp6tablesNat(text('docker-host.nft-nat66.txt', ip6tablesNat))).toEqual({
      rules: [],
      notes: ["Table `nat' contains incompatible base-chains, use 'nft' tool to list them."],
    })
  })

  test('legacy tables present: their rules are not in this output, and that is flagged', () => {
    const s = parseIp6tablesNat(text('docker-host.legacy-nat66.txt', ip6tablesNat))
    expect(s).toEqual({
      rules: [],
      notes: ['Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them'],
      legacyHidden: true,
    })
  })

  test('SNAT counts; other targets and a quoted "-j MASQUERADE" in a comment do not', () => {
    const saved = [
      '*nat',
      '-A POSTROUTING -s 2001:db8:0:1:243::/80 -j SNAT --to-source 2001:db8:0:1::41',
      '-A PREROUTING -d 2001:db8:0:1::41/128 -p tcp -m tcp --dport 80 -j DNAT --to-destination [2001:db8:0:1:242:242:ac11:2]:80',
      '-A POSTROUTING -m comment --comment "not -j MASQUERADE" -j RETURN',
      'COMMIT',
    ].join('\n')
    expect(parseIp6tablesNat(saved).rules.map((r) => r.text)).toEqual([
      '-A POSTROUTING -s 2001:db8:0:1:243::/80 -j SNAT --to-source 2001:db8:0:1::41',
    ])
  })
})

describe('parseNftNat', () => {
  test("iptables-nft's MASQUERADE as nft lists it: an xt target in table ip6 nat", () => {
    expect(parseNftNat(text('docker-host.ip6tables-nat66.txt', nft))).toEqual({
      rules: [
        {
          text: 'table ip6 nat chain POSTROUTING: oifname != "docker0" ip6 saddr 2001:db8:0:1:242::/80 counter packets 0 bytes 0 xt target MASQUERADE',
          remove: 'nft delete rule ip6 nat POSTROUTING handle 2',
          xtables: true,
        },
      ],
      notes: [],
    })
  })

  test('native tables: ip6 masquerade and inet snat ip6 count; the inet IPv4 snat and masquerade do not', () => {
    const s = parseNftNat(text('docker-host.nft-nat66.txt', nft))
    expect(s.rules).toEqual([
      {
        text: 'table ip6 nat chain postrouting: ip6 saddr 2001:db8:0:1:242::/80 oifname != "docker0" masquerade',
        remove: 'nft delete rule ip6 nat postrouting handle 2',
      },
      {
        text: 'table inet nat chain postrouting: ip6 saddr 2001:db8:0:1:243::/80 snat ip6 to 2001:db8:0:1::41',
        remove: 'nft delete rule inet nat postrouting handle 2',
      },
    ])
  })

  test("Docker's IPv4 masquerade (table ip nat) is not NAT66; an empty ruleset has no rules", () => {
    expect(parseNftNat(text('routed-host.clean.txt', nft))).toEqual({ rules: [], notes: [] })
    expect(parseNftNat(text('docker-host.ndp-proxy.txt', nft))).toEqual({ rules: [], notes: [] })
  })

  test('an inet masquerade counts unless its rule matches IPv4 only', () => {
    const ruleset = (expr: unknown[]): string =>
      JSON.stringify({ nftables: [{ rule: { family: 'inet', table: 't', chain: 'c', handle: 9, expr } }] })
    const oif = { match: { op: '==', left: { meta: { key: 'oifname' } }, right: 'eth0' } }
    const nfproto = (v: string, op = '==') => ({ match: { op, left: { meta: { key: 'nfproto' } }, right: v } })
    expect(parseNftNat(ruleset([oif, { masquerade: null }])).rules.map((r) => r.text)).toEqual([
      'table inet t chain c: oifname "eth0" masquerade',
    ])
    expect(parseNftNat(ruleset([nfproto('ipv6'), { masquerade: null }])).rules).toHaveLength(1)
    expect(parseNftNat(ruleset([nfproto('ipv4'), { masquerade: null }])).rules).toHaveLength(0)
    expect(parseNftNat(ruleset([nfproto('ipv6', '!='), { masquerade: null }])).rules).toHaveLength(0)
  })

  test('garbage and a cut JSON document are errors, never throws', () => {
    expect(parseNftNat('Error: syntax error\n').error).toMatch(/^no JSON in the output/)
    const cut = text('docker-host.nft-nat66.txt', nft).slice(0, 300)
    expect(parseNftNat(cut).error).toMatch(/^not valid JSON/)
    expect(parseNftNat('{"tables": []}').error).toMatch(/^no "nftables" array/)
  })
})

describe('readNat: what each part says about the tool', () => {
  test('not root: both tools say "(you must be root)"', () => {
    expect(readNat(part('docker-host.non-root.txt', ip6tablesNat), ip6tablesNat, parseIp6tablesNat)).toEqual({
      state: 'not-root',
      reason:
        'ip6tables-save -t nat: "ip6tables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)"',
    })
    expect(readNat(part('docker-host.non-root.txt', nft), nft, parseNftNat)).toEqual({
      state: 'not-root',
      reason: 'nft -j list ruleset: "Operation not permitted (you must be root)"',
    })
  })

  test('not installed: status 127', () => {
    expect(readNat(part('docker-host.ip6tables-nat66.no-nft.txt', nft), nft, parseNftNat)).toEqual({
      state: 'missing',
      reason: 'nft -j list ruleset: not installed ("sh: 15: nft: not found")',
    })
    expect(
      readNat(part('docker-host.ip6tables-nat66.no-nft.txt', ip6tablesNat), ip6tablesNat, parseIp6tablesNat),
    ).toMatchObject({ state: 'ok', rules: [{}] })
  })

  test('cut at the size limit: saved rules are still read, flagged partial; JSON is not', () => {
    const p = part('docker-host.ip6tables-nat66.txt', ip6tablesNat)
    const cut: Part = { label: p.label, text: p.text.split('COMMIT')[0] ?? '', truncated: true }
    expect(readNat(cut, ip6tablesNat, parseIp6tablesNat, true)).toMatchObject({
      state: 'ok',
      rules: [{}],
      partial: true,
    })
    expect(readNat({ ...cut, label: nft }, nft, parseNftNat)).toEqual({
      state: 'failed',
      reason: "nft -j list ruleset: cut at the observation's size limit",
    })
  })
})

describe('parseNeigh', () => {
  test('entries with their state; proxy entries from show proxy', () => {
    const n = neighFromPart(part('docker-host.ndp-proxy-missing.txt', neigh), neigh)
    expect(n).toEqual({
      ok: true,
      entries: [
        {
          dst: '2001:db8:0:1::1',
          dev: 'eth0',
          lladdr: '1e:ea:4f:60:08:b5',
          state: ['DELAY'],
          proxy: false,
          router: false,
        },
        { dst: C2, dev: 'docker0', lladdr: '02:42:ac:11:00:03', state: ['REACHABLE'], proxy: false, router: false },
        { dst: C1, dev: 'docker0', lladdr: '02:42:ac:11:00:02', state: ['REACHABLE'], proxy: false, router: false },
      ],
    })
    expect(neighFromPart(part('docker-host.ndp-proxy-missing.txt', proxyNeigh), proxyNeigh)).toEqual({
      ok: true,
      entries: [{ dst: C1, dev: 'eth0', state: [], proxy: true, router: false }],
    })
  })

  test('a router neighbour is flagged; an empty table is []', () => {
    const n = parseNeigh(text('docker-host.ndp-proxy.txt', neigh))
    expect(n.ok && n.entries.find((e) => e.dst === '2001:db8:0:1::1')?.router).toBe(true)
    expect(parseNeigh(text('routed-host.clean.txt', proxyNeigh))).toEqual({ ok: true, entries: [] })
  })

  test('an entry without a readable dst or dev is listed by index, the others kept', () => {
    const real = text('docker-host.ndp-proxy-missing.txt', neigh)
    const n = neighFromPart(
      {
        label: neigh,
        text: real.replace(/^\[/, '[{"dst":"2001:db8::zz","dev":"eth0"},{"dev":"eth0"},'),
        exit: 0,
        truncated: false,
      },
      neigh,
    )
    const whole = parseNeigh(real)
    expect(n.ok && n.entries).toEqual(whole.ok && whole.entries)
    expect(n.ok && n.unreadable?.map((u) => [u.source, u.entry, u.why])).toEqual([
      [neigh, 0, 'no IPv6 dst and dev'],
      [neigh, 1, 'no IPv6 dst and dev'],
    ])
  })

  test('not ip -j output: an error naming the command', () => {
    expect(parseNeigh('Object "neigh" is unknown, try "ip help".')).toEqual({
      ok: false,
      error: 'not ip -j output: "Object \\"neigh\\" is unknown, try \\"ip help\\"."',
    })
    expect(neighFromPart({ label: neigh, text: 'sh: 1: ip: not found\n', exit: 127, truncated: false }, neigh)).toEqual(
      {
        ok: false,
        error: 'ip -j -6 neigh show exited 127: "sh: 1: ip: not found"',
      },
    )
  })
})

describe('prefix helpers (lib/net/arith.ts)', () => {
  test('network, containment, overlap', () => {
    expect(prefixNetwork('2001:db8:0:1::41/64')).toBe('2001:db8:0:1::/64')
    expect(prefixNetwork('2001:db8:0:1:242::1/80')).toBe('2001:db8:0:1:242::/80')
    expect(prefixNetwork('nonsense')).toBeUndefined()
    expect(prefixContains('2001:db8:0:1::/64', '2001:db8:0:1:242::/80')).toBe(true)
    expect(prefixContains('2001:db8:0:1:242::/80', '2001:db8:0:1::/64')).toBe(false)
    expect(prefixContains('2001:db8:0:1::/64', '2001:db8:0:1::/64')).toBe(true)
    expect(prefixContains('2001:db8:0:2::/64', '2001:db8:0:1:242::/80')).toBe(false)
    expect(prefixContains('::/0', '198.51.100.0/24')).toBe(false)
    expect(prefixesOverlap('2001:db8:0:1:242::/80', '2001:db8:0:1::/64')).toBe(true)
    expect(prefixesOverlap('2001:db8:0:2::/64', '2001:db8:0:3::/64')).toBe(false)
  })
})
