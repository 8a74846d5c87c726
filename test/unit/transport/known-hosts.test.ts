// known_hosts parsing and lookup, checked against the real ssh-keygen on the fixtures it wrote
// (test/fixtures/transport/generate.sh).
import { describe, expect, it } from 'vitest'
import { execa } from 'execa'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  checkHostKey,
  entryMatchesHost,
  fingerprintSha256,
  globMatch,
  hostToken,
  lookupHostKeys,
  matchPatternList,
  parseKnownHosts,
  type KnownHostEntry,
} from '../../../lib/transport/known-hosts.ts'

const dir = fileURLToPath(new URL('../../fixtures/transport/', import.meta.url))
const read = (f: string) => readFileSync(dir + f, 'utf8')
const blob = (f: string) => Buffer.from(read(f).split(' ')[1] as string, 'base64')
const plain = parseKnownHosts(read('known_hosts.plain'), 'known_hosts.plain')
const hashed = parseKnownHosts(read('known_hosts.hashed'), 'known_hosts.hashed')
const lines = (es: KnownHostEntry[]) => es.map((e) => Number(e.source.split(':').at(-1)))

describe('parseKnownHosts', () => {
  it('reads entries, markers and key types, and skips comments and garbage', () => {
    expect(plain).toHaveLength(9)
    expect(plain.map((e) => e.marker).filter(Boolean)).toEqual(['revoked', 'cert-authority'])
    expect(plain[0]).toMatchObject({
      hosts: 'ctl1,2001:db8::10',
      keyType: 'ssh-ed25519',
      source: 'known_hosts.plain:2',
    })
    expect(plain[3]?.keyType).toBe('ssh-rsa')
    expect(hashed.every((e) => e.hosts.startsWith('|1|'))).toBe(true)
  })

  it('ignores a line whose key blob is not base64 or not a key', () => {
    expect(parseKnownHosts('h ssh-ed25519 !!!\nh ssh-ed25519 AAAA\n@weird h ssh-ed25519 AAAA')).toEqual([])
  })
})

describe('fingerprintSha256', () => {
  it('equals `ssh-keygen -lf` for ed25519, ecdsa and rsa keys', async () => {
    for (const t of ['ed25519', 'ecdsa', 'rsa', 'other']) {
      const { stdout } = await execa('ssh-keygen', ['-lf', `${dir}host_${t}.pub`])
      expect(fingerprintSha256(blob(`host_${t}.pub`))).toBe(stdout.split(' ')[1])
    }
  })
})

describe('host tokens and patterns', () => {
  it('writes IPv6 literals as ssh does', () => {
    expect(hostToken('2001:db8::1', 22)).toBe('2001:db8::1')
    expect(hostToken('2001:db8::1', 2222)).toBe('[2001:db8::1]:2222')
    expect(hostToken('[2001:DB8::1]', 2222)).toBe('[2001:db8::1]:2222')
  })

  it('globs with * and ?, treats [ literally, and lets ! veto', () => {
    expect(globMatch('[::1]:2222', '[::1]:2222')).toBe(true)
    expect(globMatch('[*]:2222', '[fe80::1]:2222')).toBe(true)
    expect(globMatch('node?', 'node12')).toBe(false)
    expect(matchPatternList('*.lab,!bad.lab', 'ok.lab')).toBe(true)
    expect(matchPatternList('*.lab,!bad.lab', 'bad.lab')).toBe(false)
    expect(matchPatternList('!bad.lab', 'ok.lab')).toBe(false) // a negation alone never matches
  })
})

describe('lookupHostKeys agrees with `ssh-keygen -F`', () => {
  const queries: [string, number][] = [
    ['ctl1', 22],
    ['CTL1', 22],
    ['2001:db8::10', 22],
    ['2001:db8::10', 2222],
    ['::1', 2222],
    ['::1', 22],
    ['2001:db8::20', 2200],
    ['ctl2.lab.example', 2200],
    ['a.lab.example', 22],
    ['bad.lab.example', 22],
    ['node1.pod.example', 22],
    ['node12.pod.example', 22],
    ['x.ca.example', 22],
    ['multi.example', 22],
    ['ctl3.example', 22],
  ]
  for (const file of ['known_hosts.plain', 'known_hosts.hashed']) {
    it(file, async () => {
      const entries = file.endsWith('plain') ? plain : hashed
      for (const [host, port] of queries) {
        const r = await execa('ssh-keygen', ['-F', hostToken(host, port), '-f', dir + file], { reject: false })
        // ssh-keygen also lists @cert-authority lines, which we ignore on purpose.
        const theirs = [...r.stdout.matchAll(/found: line (\d+) ?(\w*)/g)]
          .filter((m) => m[2] !== 'CA')
          .map((m) => Number(m[1]))
        const { keys, revoked } = lookupHostKeys(entries, host, port)
        expect(
          [...lines(keys), ...lines(revoked)].sort((a, b) => a - b),
          `${host} port ${port}`,
        ).toEqual(theirs.sort((a, b) => a - b))
      }
    })
  }
})

describe('checkHostKey', () => {
  const ed = blob('host_ed25519.pub')
  const ec = blob('host_ecdsa.pub')
  const other = blob('host_other.pub')

  it('accepts the known key, plain and hashed, with [host]:port for port ≠ 22', () => {
    expect(checkHostKey(plain, '::1', 2222, ed).status).toBe('ok')
    expect(checkHostKey(hashed, '::1', 2222, ed).status).toBe('ok')
    expect(checkHostKey(hashed, '2001:db8::20', 2200, ec).status).toBe('ok')
  })

  it('any of several keys for one host will do', () => {
    expect(checkHostKey(plain, 'multi.example', 22, ec).status).toBe('ok')
    expect(checkHostKey(plain, 'multi.example', 22, ed).status).toBe('ok')
  })

  it('reports a mismatch with the expected entries', () => {
    const r = checkHostKey(plain, '::1', 2222, ec)
    expect(r.status).toBe('mismatch')
    if (r.status === 'mismatch')
      expect(r.expected.map((e) => fingerprintSha256(e.key))).toEqual([fingerprintSha256(ed)])
  })

  it('an entry for port 22 does not vouch for another port', () => {
    expect(checkHostKey(plain, '2001:db8::10', 2222, ed).status).toBe('unknown')
    expect(checkHostKey(plain, '::1', 22, ed).status).toBe('unknown')
  })

  it('refuses a @revoked key even where no other key is known', () => {
    expect(checkHostKey(plain, 'anything.example', 22, other).status).toBe('revoked')
    expect(checkHostKey(plain, 'ctl1', 22, other).status).toBe('revoked')
  })

  it('ignores @cert-authority lines: the host stays unknown', () => {
    expect(checkHostKey(plain, 'x.ca.example', 22, ed).status).toBe('unknown')
  })

  it('honours negation: bad.lab.example is not covered by *.lab.example', () => {
    expect(checkHostKey(plain, 'a.lab.example', 22, blob('host_rsa.pub')).status).toBe('ok')
    expect(checkHostKey(plain, 'bad.lab.example', 22, blob('host_rsa.pub')).status).toBe('unknown')
  })
})

describe('lookupHostKeys on a fleet-sized file', () => {
  // A line per host, as ssh writes them, with wildcard, negated, upper-case and hashed lines among
  // them: the index must give what a scan of every line gives, in file order.
  const key = read('host_ed25519.pub').split(' ').slice(0, 2).join(' ')
  const text = [
    ...Array.from({ length: 1500 }, (_, i) => `h${i}.fleet,2001:db8::${i.toString(16)} ${key}`),
    `*.fleet ${key}`,
    `!h7.fleet,h*.fleet ${key}`,
    `H9.FLEET ${key}`,
    `[2001:db8::5]:2222 ${key}`,
    ...read('known_hosts.hashed').split('\n'),
  ].join('\n')
  const fleet = parseKnownHosts(text, 'fleet')
  const scan = (host: string, port: number) =>
    fleet.filter((e) => e.marker !== 'cert-authority' && entryMatchesHost(e, host, port))

  it.each([
    ['h9.fleet', 22],
    ['h7.fleet', 22],
    ['H1499.fleet', 22],
    ['2001:db8::5', 22],
    ['2001:db8::5', 2222],
    ['::1', 2222],
    ['nowhere.example', 22],
  ])('%s port %d', (host, port) => {
    const { keys, revoked } = lookupHostKeys(fleet, host, port)
    expect(lines([...keys, ...revoked])).toEqual(lines(scan(host, port)))
  })

  it('h9.fleet: its own line, the wildcard, the list and the upper-case line, in file order', () => {
    expect(lines(lookupHostKeys(fleet, 'h9.fleet', 22).keys)).toEqual([10, 1501, 1502, 1503])
  })
})
