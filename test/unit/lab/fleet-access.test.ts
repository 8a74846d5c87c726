// The lab's three ways of reaching its hosts (lab/access.ts, lab/users.ts): the files lab:up writes,
// read by v6ready's own readers and by `ssh -G`, give the same host, port, user, key and privilege
// as target lab's own settings.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { APP_ALIAS, inventoryIni, operatorSshConfig, sshConfigFiles } from '../../../lab/access.ts'
import { hostByName, HOSTS, sshPortOf } from '../../../lab/plan.ts'
import { CLIENT_KEY, OPS_KEY } from '../../../lab/sshd.ts'
import { targetsYaml } from '../../../lab/targets.ts'
import { accountFiles, LAB_USERS } from '../../../lab/users.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { resolveTarget, type ResolvedHost } from '../../../lib/targets/resolve.ts'
import { lookupSshConfig, nodeFallbackEnv, type SshConfigSource } from '../../../lib/transport/ssh-config-source.ts'
import { resolveSshConfigFallback } from '../../../lib/transport/ssh-config.ts'

const hasSsh = (() => {
  try {
    execFileSync('ssh', ['-V'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
})()

const file = loadTargetsText(targetsYaml(), 'lab/.state/targets.yaml', {
  readInventory: () => inventoryIni({ client: CLIENT_KEY, ops: OPS_KEY }),
})
const byName = (target: string) => new Map(resolveTarget(file, target).hosts.map((h) => [h.name, h]))
const lab = byName('lab')

/** What a host is expected to be, without where it came from or how it is reached. */
const expectations = ({ from: _f, address: _a, ssh: _s, ...rest }: ResolvedHost) => rest

describe("users: each exists in its own host's /etc only", () => {
  const machine = {
    passwd: 'root:x:0:0:root:/root:/bin/bash\n',
    group: 'root:x:0:\n',
    shadow: 'root:*:19000:0:99999:7:::\n',
  }

  test('passwd, group and shadow are the machine\'s plus the user, whose password is "*" (no password, not locked)', () => {
    const ops = LAB_USERS.find((u) => u.name === 'ops')!
    expect(accountFiles(machine, ops)).toEqual({
      passwd: `${machine.passwd}ops:x:${ops.uid}:${ops.uid}:v6ready lab user:/home/ops:/bin/sh\n`,
      group: `${machine.group}ops:x:${ops.uid}:\n`,
      shadow: `${machine.shadow}ops:*:19700:0:99999:7:::\n`,
    })
  })

  test('a machine that already has the name or the id is refused, naming both', () => {
    const stack = LAB_USERS.find((u) => u.name === 'stack')!
    expect(() =>
      accountFiles({ ...machine, passwd: `${machine.passwd}other:x:${stack.uid}:100::/:/bin/sh\n` }, stack),
    ).toThrow(/already has a user or group stack or id 4601/)
    expect(() => accountFiles({ ...machine, group: `${machine.group}stack:x:999:\n` }, stack)).toThrow(/stack/)
  })

  test('target lab: ctl as stack with become: sudo, cmp as ops with the key only ops takes, everyone else as root', () => {
    expect(
      [...lab.values()].map(
        (h) =>
          `${h.name} ${h.ssh?.user} ${h.ssh?.become ?? '-'} ${h.ssh?.identity.map((p) => p.split('/').pop()).join(',')}`,
      ),
    ).toEqual([
      'ctl stack sudo id_ed25519',
      'cmp ops - ops_ed25519',
      ...['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6', 'app', 'ctr'].map((n) => `${n} root - id_ed25519`),
    ])
  })
})

describe("app's ssh_config: Include, Match host after HostName, and Host * last", () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-lab-sshcfg-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const { main, included } = sshConfigFiles(join(dir, 'ssh_config.d'))
  mkdirSync(join(dir, 'ssh_config.d'))
  writeFileSync(join(dir, 'ssh_config'), main)
  for (const [name, text] of Object.entries(included)) writeFileSync(join(dir, 'ssh_config.d', name), text)
  const source: SshConfigSource = { kind: 'file', path: join(dir, 'ssh_config') }
  const app = hostByName('app')

  test('target lab names app by its alias and this file alone', () => {
    const h = lab.get('app')!
    expect(h.address).toBe(APP_ALIAS)
    expect(h.ssh?.ssh_config).toMatch(/\/lab\/\.state\/ssh_config$/)
    expect(h.ssh?.port).toBeUndefined()
  })

  const readers: [string, string | false][] = [
    ["v6ready's own reader", false],
    ...(hasSsh ? [['ssh -G', 'ssh'] as [string, string]] : []),
  ]
  test.each(readers)('%s: app.lab.test is port 2222; any other host gets the Host * port 22', async (_how, binary) => {
    const got = await lookupSshConfig(source, { host: APP_ALIAS, user: 'root' }, binary)
    expect([got.dump.hostname, got.dump.port]).toEqual([app.address, sshPortOf(app)])
    expect((await lookupSshConfig(source, { host: hostByName('ctr').address }, binary)).dump.port).toBe(22)
  })

  test('without the Include the alias would connect to 22: the Include is what gives 2222', () => {
    const env = {
      ...nodeFallbackEnv(),
      readFile: (p: string) => (p.endsWith('.conf') ? undefined : main),
      listDir: () => [],
    }
    expect(resolveSshConfigFallback(source, { host: APP_ALIAS }, env).dump.port).toBe(22)
  })
})

describe('target lab-inventory: the hosts of inventory.ini', () => {
  const inv = byName('lab-inventory')

  test("every lab host, with target lab's roles and expectations, from the inventory and the targets file", () => {
    expect([...inv.keys()].sort()).toEqual(HOSTS.map((h) => h.name).sort())
    for (const [name, h] of inv) {
      expect(h.from, name).toMatch(/inventory\.ini and the targets file$/)
      expect(expectations(h), name).toEqual(expectations(lab.get(name)!))
    }
  })

  test('addresses from ansible_host; user, port, key and become from the host and group variables', () => {
    const ssh = (n: string) => {
      const h = inv.get(n)!
      return `${h.address} ${h.ssh?.user}${h.ssh?.port ? `:${h.ssh.port}` : ''} ${h.ssh?.become ?? '-'} ${h.ssh?.identity.join(',')}`
    }
    expect(ssh('ctl')).toBe(`${hostByName('ctl').address} stack sudo ${CLIENT_KEY}`)
    expect(ssh('cmp')).toBe(`${hostByName('cmp').address} ops - ${OPS_KEY}`)
    expect(ssh('app')).toBe(`${hostByName('app').address} root:${sshPortOf(hostByName('app'))} - ${CLIENT_KEY}`)
    expect(ssh('vm4')).toBe(`${hostByName('vm4').address} root - ${CLIENT_KEY}`)
    // What an inventory cannot say comes from the target.
    expect(inv.get('vm1')?.ssh?.known_hosts).toEqual(lab.get('vm1')?.ssh?.known_hosts)
  })
})

describe("target lab-home: nothing about SSH in the targets file; a new operator's ~/.ssh/config says it", () => {
  const home = byName('lab-home')

  test('no ssh key anywhere in the target, and the hosts and expectations of target lab', () => {
    const raw = parse(targetsYaml()) as {
      targets: Record<string, Record<string, unknown> & { hosts: Record<string, unknown>[] }>
    }
    const t = raw.targets['lab-home']!
    expect('ssh' in t).toBe(false)
    expect(t.hosts.filter((h) => 'ssh' in h)).toEqual([])
    for (const [name, h] of home) {
      expect(h.address).toBe(lab.get(name)?.address)
      expect(expectations(h)).toEqual(expectations(lab.get(name)!))
    }
  })

  test.skipIf(!hasSsh)(
    "ssh -G on the operator's config: cmp as ops, app at its address and port, every other host as root",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'v6r-lab-home-'))
      try {
        writeFileSync(join(dir, 'config'), operatorSshConfig())
        const source: SshConfigSource = { kind: 'file', path: join(dir, 'config') }
        const seen = await Promise.all(
          [...home.values()].map(async (h) => {
            const d = (await lookupSshConfig(source, { host: h.address! }, 'ssh')).dump
            return `${h.name} ${d.user}@${d.hostname}:${d.port} ${d.connecttimeout}`
          }),
        )
        expect(seen).toEqual(
          HOSTS.map((h) => `${h.name} ${h.name === 'cmp' ? 'ops' : 'root'}@${h.address}:${sshPortOf(h)} 5`),
        )
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})
