// A cloud on ::1 for the OpenStack fault and interruption tests: the in-memory Neutron, a Keystone
// that lists it, each with its fault switches, and a targets file that points v6ready at both and,
// when asked, at SSH hosts on ::1 (a refused port, or a listener that never speaks SSH).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fakeKeystone, FAKE_PASSWORD, type KeystoneFaults } from '../unit/overlay/fake-keystone.ts'
import { fakeNeutron, type FakeNeutron, type Faults } from '../unit/overlay/fake-neutron.ts'

export const CLOUD = 'fake'

export interface CloudOptions {
  neutron?: Faults
  keystone?: KeystoneFaults
  /** openstack.timeout, seconds per Keystone or Neutron request. */
  timeout?: number
  /** SSH hosts on ::1, by name and port; `sshTimeout` is their handshake deadline (seconds). */
  hosts?: { name: string; port: number }[]
  sshTimeout?: number
}

export interface FakeCloud {
  neutron: FakeNeutron
  keystone: Awaited<ReturnType<typeof fakeKeystone>>
  /** The targets file, with the target CLOUD. */
  targets: string
  close(): Promise<void>
}

/** Both servers started and the targets file written in `dir`. */
export async function fakeCloud(dir: string, o: CloudOptions = {}): Promise<FakeCloud> {
  mkdirSync(dir, { recursive: true })
  const neutron = await fakeNeutron(o.neutron)
  const keystone = await fakeKeystone(neutron.url, neutron.token, o.keystone)
  const hosts = o.hosts ?? []
  if (hosts.length && !existsSync(join(dir, 'id'))) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    writeFileSync(join(dir, 'known_hosts'), '')
  }
  const lines = [
    'targets:',
    `  ${CLOUD}:`,
    ...(hosts.length
      ? [
          `    ssh: { user: root, identity: ./id, known_hosts: ./known_hosts, timeout: ${o.sshTimeout ?? 2} }`,
          '    hosts:',
          ...hosts.map((h) => `      - { name: ${h.name}, address: "::1", ssh: { port: ${h.port} } }`),
        ]
      : []),
    '    openstack:',
    `      auth_url: "${keystone.url}"`,
    '      username: admin',
    `      password: ${FAKE_PASSWORD}`,
    '      project: admin',
    ...(o.timeout !== undefined ? [`      timeout: ${o.timeout}`] : []),
    '      overlay: { enabled: true, cidr: "2001:db8:100::/48" }',
    '',
  ]
  const targets = join(dir, 'targets.yaml')
  writeFileSync(targets, lines.join('\n'))
  return {
    neutron,
    keystone,
    targets,
    close: async () => {
      await keystone.close()
      await neutron.close()
    },
  }
}
