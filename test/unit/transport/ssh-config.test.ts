// The fallback ssh_config reader on its own, where a comparison with ssh -G cannot reach (files in the
// home and system directories, a Match exec, errors) and `ssh -G`'s recorded output.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJump } from '../../../lib/net/jump.ts'
import {
  argvSplit,
  resolveSshConfigFallback,
  type FallbackEnv,
  type SshConfigSource,
} from '../../../lib/transport/ssh-config.ts'
import { OPENSSH_DEFAULT_IDENTITIES, parseSshG } from '../../../lib/transport/ssh-config-dump.ts'
import { sshGArgs } from '../../../lib/transport/ssh-config-source.ts'

const FIX = join(import.meta.dirname, '../../fixtures/transport')

/** A machine with these files only; directories are derived from the paths. */
function machine(files: Record<string, string>): FallbackEnv {
  return {
    home: '/home/op',
    localUser: 'op',
    uid: 1000,
    localHost: 'runner.example.org',
    env: { HOME: '/home/op', LAB: '/srv/lab' },
    readFile: (p) => files[p],
    listDir: (d) => {
      const names = Object.keys(files)
        .filter((p) => p.startsWith(`${d}/`))
        .map((p) => p.slice(d.length + 1).split('/')[0] as string)
      return names.length ? [...new Set(names)] : undefined
    },
  }
}

const resolve = (
  source: SshConfigSource,
  files: Record<string, string>,
  host: string,
  extra: { user?: string; port?: number } = {},
) => resolveSshConfigFallback(source, { host, ...extra }, machine(files))

describe('argvSplit (misc.c argv_split)', () => {
  it('quotes group, \\ escapes a quote, a backslash or a space, # at a word start ends the line', () => {
    expect(argvSplit(`a "b c" 'd' e\\ f #g h`)).toEqual(['a', 'b c', 'd', 'e f'])
    expect(argvSplit('a#b')).toEqual(['a#b'])
    expect(argvSplit('a\\nb "x\\"y"')).toEqual(['a\\nb', 'x"y'])
  })
  it('an unclosed quote is an error', () => {
    expect(() => argvSplit('"open')).toThrow(/invalid quotes/)
  })
})

describe('which files, as ssh reads them', () => {
  it('by default ~/.ssh/config first, then /etc/ssh/ssh_config (first value wins across both)', () => {
    const r = resolve(
      { kind: 'default' },
      {
        '/home/op/.ssh/config': 'Host h1alias\n  HostName ::1\n  Port 18223\n',
        '/etc/ssh/ssh_config': 'Host *\n  Port 22\n  User sys\n',
      },
      'h1alias',
    )
    expect(r.dump).toMatchObject({ hostname: '::1', port: 18223, user: 'sys' })
  })

  it('none: OpenSSH defaults, no file read', () => {
    const r = resolve({ kind: 'none' }, { '/home/op/.ssh/config': 'Port 1\n' }, 'h')
    expect(r.dump).toMatchObject({
      user: 'op',
      port: 22,
      identityfile: [...OPENSSH_DEFAULT_IDENTITIES],
      userknownhostsfile: ['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2'],
      globalknownhostsfile: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
    })
  })

  it('a named file must exist, as with ssh -F', () => {
    expect(() => resolve({ kind: 'file', path: '~/nope' }, {}, 'h')).toThrow(
      "Can't open user config file /home/op/nope",
    )
  })
})

describe('Include', () => {
  const files = {
    '/home/op/.ssh/config': 'Include config.d/*\nInclude ~/.ssh/extra.conf\n',
    '/home/op/.ssh/config.d/b.conf': 'Host a\n  User from-b\n',
    '/home/op/.ssh/config.d/a.conf': 'Host a\n  Port 2001\n',
    '/home/op/.ssh/extra.conf': 'Host a\n  User extra\n  IdentityFile ${LAB}/key\n',
    '/etc/ssh/ssh_config': 'Include ssh_config.d/*.conf\n',
    '/etc/ssh/ssh_config.d/lab.conf': 'Host a\n  ConnectTimeout 9\n',
  }

  it('a relative path is under ~/.ssh in a user file and under /etc/ssh in the system one; globs in sorted order', () => {
    const { dump } = resolve({ kind: 'default' }, files, 'a')
    expect(dump).toMatchObject({ port: 2001, user: 'from-b', connecttimeout: 9, identityfile: ['${LAB}/key'] })
  })

  it('the system file may not Include a ~ path', () => {
    expect(() => resolve({ kind: 'default' }, { '/etc/ssh/ssh_config': 'Include ~/x\n' }, 'a')).toThrow(
      '/etc/ssh/ssh_config line 1: bad include path ~/x.',
    )
  })

  it('an Include that includes itself stops at 16 levels', () => {
    expect(() => resolve({ kind: 'file', path: '/c' }, { '/c': 'Include /c\n' }, 'a')).toThrow(
      /Too many recursive configuration includes/,
    )
  })
})

describe('what the fallback cannot do is said, never guessed', () => {
  it('Match exec is not run: its block is skipped and a note names file:line', () => {
    const r = resolve(
      { kind: 'file', path: '/c' },
      { '/c': 'Match exec "test -e /x"\n  Port 1\nHost *\n  Port 2\n' },
      'a',
    )
    expect(r.dump.port).toBe(2)
    expect(r.notes).toEqual([
      '/c line 1: Match exec "test -e /x" was not run (v6ready\'s own ssh_config reader runs no command): its block is skipped',
    ])
  })

  it('a criterion newer than OpenSSH 9.2 is skipped with a note', () => {
    const r = resolve({ kind: 'file', path: '/c' }, { '/c': 'Match tagged x\n  Port 1\n' }, 'a')
    expect(r.dump.port).toBe(22)
    expect(r.notes[0]).toMatch(/^\/c line 1: Match tagged is not known/)
  })

  it('a bad value is an error naming file:line, as ssh refuses it', () => {
    expect(() => resolve({ kind: 'file', path: '/c' }, { '/c': '\nHost a\n  Port 0\n' }, 'a')).toThrow(
      "/c line 3: Bad port '0'.",
    )
    expect(() => resolve({ kind: 'file', path: '/c' }, { '/c': 'ProxyJump u@[bad]\n' }, 'a')).toThrow(
      '/c line 1: Invalid ProxyJump "u@[bad]"',
    )
  })
})

describe('ssh -G output (recorded, OpenSSH 9.2 on Debian 12)', () => {
  it('reads the keywords v6ready uses', () => {
    expect(parseSshG(readFileSync(join(FIX, 'ssh-G.ctl1.openssh9.2-debian12.txt'), 'utf8'))).toEqual({
      user: 'stack',
      hostname: '2001:db8::11',
      port: 2222,
      identityfile: ['~/.ssh/lab_%h', '~/.ssh/id_ed25519'],
      identitiesonly: false,
      identityagent: '/root/.ssh/agent.sock',
      userknownhostsfile: ['/root/.ssh/known_hosts.lab'],
      globalknownhostsfile: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      connecttimeout: 60,
      proxyjump: 'admin@[2001:db8::2]:22',
    })
  })

  it('with no config: OpenSSH defaults, no ConnectTimeout, no jump', () => {
    const d = parseSshG(readFileSync(join(FIX, 'ssh-G.defaults.openssh9.2-debian12.txt'), 'utf8'))
    expect(d.identityfile).toEqual([...OPENSSH_DEFAULT_IDENTITIES])
    expect(d.connecttimeout).toBeUndefined()
    expect(d.proxyjump).toBeUndefined()
    expect(d.hostname).toBe('2001:db8::99')
  })

  it('output without the lines every dump has is an error', () => {
    expect(() => parseSshG('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy]\n')).toThrow(/^ssh -G printed no "(port|user)" line$/)
  })
})

describe('the ssh -G command line', () => {
  it('values are argv entries after --: a host or user cannot pass for a flag', () => {
    expect(sshGArgs({ kind: 'file', path: '/c' }, { host: '-oProxyCommand=x', user: '-oY', port: 2222 })).toEqual([
      '-G',
      '-o',
      'CanonicalizeHostname=no',
      '-F',
      '/c',
      '-p',
      '2222',
      '-l',
      '-oY',
      '--',
      '-oProxyCommand=x',
    ])
    expect(sshGArgs({ kind: 'default' }, { host: 'h' })).toEqual(['-G', '-o', 'CanonicalizeHostname=no', '--', 'h'])
  })
})

describe('parseJump', () => {
  it.each([
    ['admin@[2001:db8::1]:2222', { user: 'admin', host: '2001:db8::1', port: 2222 }],
    ['admin@bastion.example:22', { user: 'admin', host: 'bastion.example', port: 22 }],
    ['bastion', { host: 'bastion' }],
    ['[::1]', { host: '::1' }],
    ['[192.0.2.1]:22', { host: '192.0.2.1', port: 22 }], // as ssh -G prints an IPv4 jump
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['ssh://u@[fe80::1%eth0]:2200', { user: 'u', host: 'fe80::1%eth0', port: 2200 }],
  ])('%s', (spec, want) => {
    expect(parseJump(spec)).toEqual(want)
  })

  it.each(['h:99999', 'u@[bastion]:22', 'a b', 'u:x@h', '[::1]x', ''])('rejects %j', (spec) => {
    expect(parseJump(spec)).toBeUndefined()
  })
})
