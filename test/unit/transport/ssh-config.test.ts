import { describe, expect, it } from 'vitest'
import { parseSshConfig, resolveSshConfig, splitArgs } from '../../../lib/transport/ssh-config.ts'
import { parseJump } from '../../../lib/transport/jump.ts'

const config = `
# global lines apply to every host
User globaluser

Host ctl? !ctl9
  HostName 2001:db8::%h
  Port 2222
  IdentityFile ~/.ssh/ctl_key
  ProxyJump admin@[2001:db8::1]:22

Host ctl1
  # too late: ctl? already set these
  Port 3333
  User ctl1user
  IdentityFile "~/.ssh/with space"

Host = *.lab.example
  User=labuser
  ProxyJump none

Match host foo
  User matched

Host *
  User fallback
  Port 22
  IdentityFile ~/.ssh/id_ed25519
  ProxyJump bastion
`

describe('splitArgs', () => {
  it('splits like ssh: quotes group, backslash escapes, # at a word start ends the line', () => {
    expect(splitArgs(`a "b c" 'd' e\\ f #g h`)).toEqual(['a', 'b c', 'd', 'e f'])
    expect(splitArgs('a#b')).toEqual(['a#b'])
  })
})

describe('parseSshConfig', () => {
  it('splits into blocks, Match with criteria is skipped', () => {
    const blocks = parseSshConfig(config)
    expect(blocks.map((b) => b.patterns)).toEqual([undefined, ['ctl?', '!ctl9'], ['ctl1'], ['*.lab.example'], undefined, ['*']])
    expect(blocks[4]?.skip).toBe(true)
    expect(blocks[3]?.options[0]).toMatchObject({ key: 'user', args: ['labuser'] })
  })
})

describe('resolveSshConfig', () => {
  it('first obtained value wins; IdentityFile accumulates in order; %h expands', () => {
    expect(resolveSshConfig(config, 'ctl1')).toEqual({
      user: 'globaluser', // the lines before any Host apply to all, and come first
      hostName: '2001:db8::ctl1',
      port: 2222,
      identityFile: ['~/.ssh/ctl_key', '~/.ssh/with space', '~/.ssh/id_ed25519'],
      proxyJump: 'admin@[2001:db8::1]:22',
    })
  })

  it('a negated pattern vetoes the whole Host line', () => {
    const r = resolveSshConfig(config, 'ctl9')
    expect(r.port).toBe(22)
    expect(r.hostName).toBeUndefined()
    expect(r.proxyJump).toBe('bastion')
  })

  it('ProxyJump none is a value: it blocks later ones', () => {
    const r = resolveSshConfig('Host *.lab\n ProxyJump none\nHost *\n ProxyJump bastion\n User u', 'a.lab')
    expect(r.proxyJump).toBeUndefined()
    expect(r.user).toBe('u')
  })

  it('Match all applies; a Match with criteria never does', () => {
    expect(resolveSshConfig('Match host x\n User a\nMatch all\n User b', 'x').user).toBe('b')
  })

  it('host alias matching is case-insensitive like ssh (it lower-cases the name)', () => {
    expect(resolveSshConfig('Host ctl1\n Port 2200', 'CTL1').port).toBe(2200)
  })

  it('rejects a bad port', () => {
    expect(() => resolveSshConfig('Port http', 'x')).toThrow(/bad Port/)
  })

  it('nothing matches: empty result', () => {
    expect(resolveSshConfig('Host a\n User x', 'b')).toEqual({ identityFile: [] })
  })
})

describe('parseJump', () => {
  it.each([
    ['admin@[2001:db8::1]:2222', { user: 'admin', host: '2001:db8::1', port: 2222 }],
    ['admin@bastion.example:22', { user: 'admin', host: 'bastion.example', port: 22 }],
    ['bastion', { host: 'bastion' }],
    ['[::1]', { host: '::1' }],
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['ssh://u@[fe80::1%eth0]:2200', { user: 'u', host: 'fe80::1%eth0', port: 2200 }],
  ])('%s', (spec, want) => {
    expect(parseJump(spec)).toEqual(want)
  })

  it.each(['h:99999', 'u@[bastion]:22', 'a b', 'u:x@h', '[::1]x', ''])('rejects %j', (spec) => {
    expect(parseJump(spec)).toBeUndefined()
  })
})
