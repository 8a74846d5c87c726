// The fallback ssh_config reader against the real thing: for every config below, `ssh -G` (OpenSSH's
// own resolution, run here with the same argv v6ready uses) and the fallback must agree on every
// keyword the fallback covers. Skipped only where the OpenSSH client is not installed.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { DUMP_KEYS, parseSshG } from '../../../lib/transport/ssh-config-dump.ts'
import { nodeFallbackEnv, sshGArgs } from '../../../lib/transport/ssh-config-source.ts'
import { resolveSshConfigFallback, type SshQuery } from '../../../lib/transport/ssh-config.ts'

const hasSsh = (() => {
  try {
    execFileSync('ssh', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

const dir = mkdtempSync(join(tmpdir(), 'v6r-sshcfg-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Extra files a case includes, relative to the case's directory; `@D` in any text is that directory. */
interface Case {
  name: string
  config: string
  files?: Record<string, string>
  queries: SshQuery[]
}

const CASES: Case[] = [
  {
    name: 'first value wins: the first matching block sets Port, a later one cannot',
    config: 'Host a\n  Port 1111\nHost a\n  Port 2222\n  User second\n',
    queries: [{ host: 'a' }, { host: 'b' }],
  },
  {
    name: 'Host * last: the specific block wins; Host * first: it wins',
    config: 'Host web\n  Port 2200\nHost *\n  Port 22\n  User fallback\n',
    queries: [{ host: 'web' }, { host: 'other' }],
  },
  {
    name: 'Host * first shadows every later block',
    config: 'Host *\n  User everyone\n  Port 2022\nHost web\n  User web\n  Port 2200\n',
    queries: [{ host: 'web' }],
  },
  {
    name: 'a negated pattern vetoes the whole Host line',
    config: 'Host *.lab !bad.lab\n  Port 2001\nHost *\n  Port 2002\n',
    queries: [{ host: 'good.lab' }, { host: 'bad.lab' }, { host: 'x.other' }],
  },
  {
    name: 'a line of negations alone never matches',
    config: 'Host !foo\n  User nobody-matches\nHost a b !c\n  User ab\n',
    queries: [{ host: 'bar' }, { host: 'b' }, { host: 'c' }],
  },
  {
    name: 'lines before any Host apply to every host, and come first',
    config: 'User early\nPort 2100\nHost a\n  User late\n',
    queries: [{ host: 'a' }],
  },
  {
    name: 'Host patterns are case-sensitive and see the name as given; HostName is lower-cased',
    config: 'Host Foo\n  Port 1111\nHost foo\n  Port 2222\n  HostName Web.%h.Example.COM\n',
    queries: [{ host: 'foo' }, { host: 'FOO' }, { host: 'Foo' }],
  },
  {
    name: 'Match host sees the HostName (canonical), Match originalhost the name given',
    config:
      'Host web\n  HostName web.example.com\nMatch host web.example.com\n  User canon\nMatch originalhost web\n  Port 2022\nMatch host web\n  IdentityFile ~/never\n',
    queries: [{ host: 'web' }, { host: 'web.example.com' }],
  },
  {
    name: 'Match host and originalhost ignore case, on both sides',
    config: 'Match host WEB\n  Port 1001\nMatch originalhost Web\n  Port 1002\n',
    queries: [{ host: 'web' }, { host: 'Web' }, { host: 'WEB' }],
  },
  {
    name: 'Match user, localuser, negation and several criteria',
    config: `Match user admin host *.lab\n  Port 3001\nMatch !user admin\n  IdentityFile ~/.ssh/not_admin\nMatch localuser ${userInfo().username}\n  IdentitiesOnly yes\nMatch localuser nobody-here\n  ConnectTimeout 7\n`,
    queries: [{ host: 'x.lab', user: 'admin' }, { host: 'x.lab' }],
  },
  {
    name: 'Match final: a second pass over the config with the final name; Match canonical only then',
    config:
      'Host short\n  HostName Long.Example.Org\nMatch final host long.example.org\n  User finalpass\nMatch canonical\n  Port 4242\nHost long.example.org\n  IdentityFile ~/final_only\n',
    queries: [{ host: 'short' }, { host: 'other' }],
  },
  {
    name: 'Match all',
    config: 'Match host nope\n  User a\nMatch all\n  User b\n',
    queries: [{ host: 'x' }],
  },
  {
    name: 'Include with a glob: files in sorted order, a Host inside an include does not leak out',
    config: 'Include @D/conf.d/*.conf\nHost *\n  Port 2999\n',
    files: {
      'conf.d/20-b.conf': 'Host b\n  Port 2020\nHost a\n  User from-b\n',
      'conf.d/10-a.conf': 'Host a\n  Port 1010\n',
      'conf.d/skip.txt': 'Host a\n  Port 9\n',
      'conf.d/.hidden.conf': 'Host a\n  User hidden\n',
    },
    queries: [{ host: 'a' }, { host: 'b' }, { host: 'c' }],
  },
  {
    name: 'Include inside a Host block: read only for that host, and the block resumes after it',
    config: 'Host a\n  Include @D/inc.conf\n  Port 1234\nHost b\n  Include @D/inc.conf\n',
    files: { 'inc.conf': 'User included\nHost zz\n  IdentityFile ~/zz\n' },
    queries: [{ host: 'a' }, { host: 'b' }, { host: 'c' }],
  },
  {
    name: 'tokens: IdentityFile as written; UserKnownHostsFile and IdentityAgent expanded; %h is HostName',
    config:
      'Host t\n  HostName T.Example\n  IdentityFile ~/.ssh/%h_%p_%r_%n_%%\n  UserKnownHostsFile ~/kh_%h_%p_%r_%n_%u_%d_%i_%k_%L_%l_%C /abs/kh_%%\n  IdentityAgent ~/agent_%h_%r.sock\n  User tok\n',
    queries: [{ host: 't' }, { host: 't', user: 'cli', port: 2222 }],
  },
  {
    name: "the command line's -p and -l win over Port and User, and Match user sees -l",
    config: 'Host h\n  Port 1\n  User cfg\nMatch user cli\n  IdentityFile ~/cli_key\n',
    queries: [{ host: 'h', port: 2200, user: 'cli' }, { host: 'h' }],
  },
  {
    name: 'ProxyJump: addresses bracketed, chains kept, none blocks later ones, ProxyCommand first blocks ProxyJump',
    config:
      'Host j1\n  ProxyJump 192.0.2.1:22\nHost j2\n  ProxyJump admin@bastion.example,u@[2001:db8::1]:2200\nHost j3\n  ProxyJump none\nHost j4\n  ProxyCommand nc %h %p\nHost j5\n  ProxyJump ssh://jump@bastion.example:22\nHost *\n  ProxyJump late@fallback\n',
    queries: [{ host: 'j1' }, { host: 'j2' }, { host: 'j3' }, { host: 'j4' }, { host: 'j5' }, { host: 'j6' }],
  },
  {
    name: 'ConnectTimeout in ssh time format; none leaves it unset for a later line',
    config: 'Host a\n  ConnectTimeout 1m30s\nHost b\n  ConnectTimeout none\nHost b\n  ConnectTimeout 5\n',
    queries: [{ host: 'a' }, { host: 'b' }, { host: 'c' }],
  },
  {
    name: 'IdentityFile accumulates without duplicates; IdentitiesOnly; IdentityFile none',
    config:
      'Host a\n  IdentityFile ~/.ssh/one\n  IdentitiesOnly yes\nHost a b\n  IdentityFile ~/.ssh/one\n  IdentityFile "~/.ssh/with space"\nHost n\n  IdentityFile none\n',
    queries: [{ host: 'a' }, { host: 'b' }, { host: 'n' }],
  },
  {
    name: 'known_hosts lists: the first line wins whole; none empties it',
    config:
      'Host a\n  UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2\n  GlobalKnownHostsFile /etc/ssh/g1 ~/g2\nHost a\n  UserKnownHostsFile ~/.ssh/never\nHost n\n  UserKnownHostsFile none\n  GlobalKnownHostsFile none\n',
    queries: [{ host: 'a' }, { host: 'n' }],
  },
  {
    name: 'syntax: Keyword=value, spaces around =, tabs, quotes, trailing comments, CRLF',
    config:
      'Host=a\r\n\tPort = 2345 # trailing\r\n  User="quoted user"\r\n  IdentityFile \'~/.ssh/single q\'\r\n# Port 1\r\n\r\nHost "b"\r\n  HostName=b.example\r\n',
    queries: [{ host: 'a' }, { host: 'b' }],
  },
  {
    name: 'IPv6 literals: Host matches the name as given; HostName keeps an address, canonical',
    config: 'Host 2001:DB8::5\n  Port 1005\nHost 2001:db8::*\n  Port 1006\nHost v6\n  HostName 2001:DB8:0:0::7\n',
    queries: [{ host: '2001:DB8::5' }, { host: '2001:db8::9' }, { host: 'v6' }, { host: '::1' }],
  },
]

/** Where ssh finds the case's files: its own directory, so that `@D` resolves the same for both. */
function write(c: Case, i: number): string {
  const d = join(dir, `case${i}`)
  mkdirSync(d, { recursive: true })
  for (const [rel, text] of Object.entries(c.files ?? {})) {
    mkdirSync(join(d, rel, '..'), { recursive: true })
    writeFileSync(join(d, rel), text.replaceAll('@D', d))
  }
  const file = join(d, 'config')
  writeFileSync(file, c.config.replaceAll('@D', d))
  return file
}

const pick = (o: object) => Object.fromEntries(DUMP_KEYS.map((k) => [k, (o as Record<string, unknown>)[k]]))

describe.skipIf(!hasSsh)('the fallback ssh_config reader agrees with ssh -G (OpenSSH installed)', () => {
  // ssh takes `~` from the passwd entry, not $HOME: so does the fallback here.
  const env = { ...nodeFallbackEnv(), home: userInfo().homedir }

  test('the set holds the tricky cases: at least 15 configs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15)
  })

  describe.each(CASES.map((c, i) => ({ ...c, i })))('$name', (c) => {
    const file = write(c, c.i)
    const source = { kind: 'file' as const, path: file }
    test.each(c.queries)('%j', (q) => {
      const out = execFileSync('ssh', sshGArgs(source, q), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      const real = pick(parseSshG(out))
      const ours = pick(resolveSshConfigFallback(source, q, env).dump)
      expect(ours).toEqual(real)
    })
  })
})
