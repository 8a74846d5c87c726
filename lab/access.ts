// How the runner reaches the lab's hosts, written the ways an operator's own tools already describe
// a fleet (docs/ssh.md), beside the targets file's `ssh:` settings of target `lab`:
//   ssh_config, ssh_config.d/   an ssh_config with Include and Match: app is `app.lab.test`, on port
//                               2222 (target lab names only that alias and the file)
//   inventory.ini               the hosts as an Ansible inventory (target lab-inventory)
//   home/.ssh/                  a new operator's ~/.ssh: the runner's key, hashed known_hosts and a
//                               config; cmp's user ops takes a key the operator keeps in ssh-agent
//                               (target lab-home, which says nothing about SSH)
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOMAIN, hostByName, HOSTS, sshPortOf, type LabHost } from './plan.ts'
import { sh } from './proc.ts'
import { CLIENT_KEY, KNOWN_HOSTS, OPS_KEY } from './sshd.ts'
import { statePath } from './state.ts'
import { LAB_USERS, labUser } from './users.ts'

/** The name app is known by in every ssh_config the lab writes, and in targets lab and lab-home. */
export const APP_ALIAS = `app.${DOMAIN}`

export const SSH_CONFIG = statePath('ssh_config')
export const SSH_CONFIG_D = statePath('ssh_config.d')
export const INVENTORY = statePath('inventory.ini')
/** The new operator's home: the test binds its .ssh over root's ~/.ssh for one run (ssh reads ~ from the passwd entry, not $HOME). */
export const OPERATOR_HOME = statePath('home')

/**
 * The ssh_config of target lab's app. `Host *` comes last and says port 22: ssh keeps the first
 * value it obtains, so app gets 2222 only if the Include is read and the Match matches the HostName
 * (ssh_config(5): `Match host` compares the name after HostName). Any other reading connects to 22,
 * where app's sshd does not listen. Pure.
 */
export function sshConfigFiles(dir: string): { main: string; included: Record<string, string> } {
  const app = hostByName('app')
  return {
    main: [
      '# Written by lab:up: the ssh_config that target lab names for app (ssh -F reads it the same way).',
      `Include ${join(dir, '*.conf')}`,
      '',
      'Host *',
      '  Port 22',
      '',
    ].join('\n'),
    included: {
      'appliances.conf': [
        '# The appliance is known by its name; its management sshd listens on a port of its own.',
        `Host ${APP_ALIAS}`,
        `  HostName ${app.address}`,
        '',
        '# Match host compares the HostName set above, not the name the command line gave.',
        `Match host ${app.address}`,
        `  Port ${sshPortOf(app)}`,
        '',
      ].join('\n'),
    },
  }
}

/** Ansible's host variables for a lab host: address, port, and its user's login (users.ts). */
function hostVars(h: LabHost, keys: { ops: string }): string {
  const u = labUser(h.name)
  return [
    `ansible_host=${h.address}`,
    ...(sshPortOf(h) !== 22 ? [`ansible_port=${sshPortOf(h)}`] : []),
    ...(u ? [`ansible_user=${u.name}`] : []),
    ...(u?.sudo ? ['ansible_become=true'] : []),
    ...(u?.key === 'ops' ? [`ansible_ssh_private_key_file=${keys.ops}`] : []),
  ].join(' ')
}

/**
 * The lab's hosts as an Ansible INI inventory: a group per role (the target's roles take them), two
 * parent groups that are only groups, and the login every host shares as variables of `all`. The
 * key paths are absolute, as Ansible takes them from any directory. Pure.
 */
export function inventoryIni(keys: { client: string; ops: string }): string {
  const roles = [...new Set(HOSTS.map((h) => h.roles[0] as string))]
  return [
    "# Written by lab:up: the lab's hosts as an Ansible inventory, read by target lab-inventory",
    '# (`ansible-inventory -i inventory.ini --list` reads the same hosts and variables). Groups named',
    "# like the target's roles give their hosts those roles; Ansible warns that dhcp-guest and",
    '# container-host hold characters it would not choose for a group name, and keeps them.',
    ...roles.flatMap((r) => [
      '',
      `[${r}]`,
      ...HOSTS.filter((h) => h.roles[0] === r).map((h) => `${h.name} ${hostVars(h, keys)}`),
    ]),
    '',
    '[openstack:children]',
    'controller',
    'compute',
    '',
    '[instances:children]',
    'guest',
    'dhcp-guest',
    '',
    '[all:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${keys.client}`,
    '',
  ].join('\n')
}

/** The new operator's ~/.ssh/config: app by its alias and port, cmp as ops, every other host as root. Pure. */
export function operatorSshConfig(): string {
  const app = hostByName('app')
  const ops = LAB_USERS.find((u) => u.key === 'ops')
  if (!ops) throw new Error('lab: no user takes the ops key')
  return [
    "# Written by lab:up: a new operator's ~/.ssh/config for the lab. Target lab-home says nothing",
    '# about SSH: this file, ~/.ssh/id_ed25519, ~/.ssh/known_hosts and ssh-agent say it all.',
    `Host ${APP_ALIAS}`,
    `  HostName ${app.address}`,
    `  Port ${sshPortOf(app)}`,
    '',
    `# ${ops.host} lets no root in; ${ops.name}'s key is in ssh-agent.`,
    `Host ${hostByName(ops.host).address}`,
    `  User ${ops.name}`,
    '',
    'Host *',
    '  User root',
    '  ConnectTimeout 5',
    '',
  ].join('\n')
}

/** Writes the three, once sshd has made the keys and known_hosts (sshd.ts). */
export async function writeAccessFiles(): Promise<void> {
  const { main, included } = sshConfigFiles(SSH_CONFIG_D)
  mkdirSync(SSH_CONFIG_D, { recursive: true })
  writeFileSync(SSH_CONFIG, main)
  for (const [name, text] of Object.entries(included)) writeFileSync(join(SSH_CONFIG_D, name), text)
  writeFileSync(INVENTORY, inventoryIni({ client: CLIENT_KEY, ops: OPS_KEY }))

  const dotSsh = join(OPERATOR_HOME, '.ssh')
  rmSync(OPERATOR_HOME, { recursive: true, force: true })
  mkdirSync(dotSsh, { recursive: true, mode: 0o700 })
  copyFileSync(CLIENT_KEY, join(dotSsh, 'id_ed25519'))
  chmodSync(join(dotSsh, 'id_ed25519'), 0o600)
  copyFileSync(`${CLIENT_KEY}.pub`, join(dotSsh, 'id_ed25519.pub'))
  writeFileSync(join(dotSsh, 'config'), operatorSshConfig(), { mode: 0o600 })
  // Hashed, as Debian's ssh_config (HashKnownHosts yes) leaves it.
  copyFileSync(KNOWN_HOSTS, join(dotSsh, 'known_hosts'))
  await sh('ssh-keygen', ['-q', '-H', '-f', join(dotSsh, 'known_hosts')])
  rmSync(join(dotSsh, 'known_hosts.old'), { force: true })
}
