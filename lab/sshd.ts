// sshd on every judged host: generated keys, a known_hosts written from them (no trust on first
// use), and a private mount namespace per host with its own /run, /etc overlay, /srv and /media.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { busyboxSession } from './busybox.ts'
import { HOSTS, ns, sshPortOf } from './plan.ts'
import { daemon, daemonPid, sh, waitListening } from './proc.ts'
import { hostRoot, statePath } from './state.ts'
import { HOME, labUser, NO_ROOT_LOGIN, writeUserFiles } from './users.ts'

export const CLIENT_KEY = statePath('id_ed25519')
/** The key of cmp's user ops, and only of that user: the one a new operator keeps in ssh-agent (access.ts). */
export const OPS_KEY = statePath('ops_ed25519')
export const KNOWN_HOSTS = statePath('known_hosts')

const keygen = (file: string, comment: string) =>
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file])

/** An sshd that a test or the lab starts by hand: keys only, root allowed unless `permitRootLogin` says no, no PAM. */
export function sshdConfig(o: {
  hostKey: string
  authorizedKeys: string
  port?: number
  listen?: string
  pidFile?: string
  permitRootLogin?: 'no' | 'prohibit-password'
  extra?: string[]
}): string {
  return [
    ...(o.listen ? [`ListenAddress ${o.listen}`] : []),
    `Port ${o.port ?? 22}`,
    `HostKey ${o.hostKey}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    `PidFile ${o.pidFile ?? 'none'}`,
    `PermitRootLogin ${o.permitRootLogin ?? 'prohibit-password'}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // Keys live under the repository or /tmp, whatever their modes.
    'StrictModes no',
    // bash sources ~/.bashrc for commands run by sshd when SHLVL is unset (Debian's
    // SSH_SOURCE_BASHRC); root's rc here (pyenv) costs ~850 ms per exec. SHLVL=1 switches that off.
    'SetEnv SHLVL=1',
    'PrintMotd no',
    'LogLevel ERROR',
    ...(o.extra ?? []),
    '',
  ].join('\n')
}

const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'fuse']

/**
 * A private /dev: the machine's is shared by every namespace, so without this a guest's blkid
 * would find another guest's config drive. `devices` are the host's own block devices.
 */
function privateDev(devices: string[]): string[] {
  const d = '/run/v6lab/dev'
  return [
    `mkdir -p ${d}`,
    `mount -t tmpfs -o mode=755,size=64k v6lab-dev ${d}`,
    `for n in ${[...DEVICES, ...devices.map((x) => x.replace(/^\/dev\//, ''))].join(' ')}; do touch ${d}/$n && mount --bind /dev/$n ${d}/$n; done`,
    `mkdir -p ${d}/pts ${d}/shm`,
    `mount -t devpts -o newinstance,ptmxmode=0666 v6lab-pts ${d}/pts`,
    `ln -s pts/ptmx ${d}/ptmx`,
    `ln -s /proc/self/fd ${d}/fd`,
    `mount --move ${d} /dev`,
  ]
}

/**
 * What every sshd host's mount namespace starts with: its hostname, and a private /run holding the
 * privsep directory, compiled in as /run/sshd (docs/lab-notes.md §2).
 */
export const sessionPrelude = (host: string): string[] => [
  `hostname ${host}`,
  'mount -t tmpfs v6lab-run /run',
  'mkdir -p /run/sshd',
]

/** The shell that sets up the host's mount namespace, then becomes sshd (same PID). */
function sshdCommand(host: string, config: string, devices: string[]): string {
  const root = hostRoot(host)
  const user = labUser(host)
  return [
    ...sessionPrelude(host),
    'mkdir -p /run/v6lab/etc /run/v6lab/work',
    `cp -a ${root}/etc/. /run/v6lab/etc/`,
    'mount -t overlay v6lab-etc -o lowerdir=/etc,upperdir=/run/v6lab/etc,workdir=/run/v6lab/work /etc',
    'mount -t tmpfs v6lab-srv /srv',
    `cp -a ${root}/srv/. /srv/`,
    // Its users' homes (users.ts), on a tmpfs of its own: the machine's /home stays as it is.
    ...(user ? ['mount -t tmpfs v6lab-home /home', `cp -a ${root}${HOME(user)} /home/`] : []),
    'mount -t tmpfs v6lab-media /media',
    'mkdir -p /media/config-2',
    // DHCPv6 clients keep their leases here (dhcp-guests.ts).
    'mkdir -p /var/lib/dhcp',
    'mount -t tmpfs v6lab-dhcp /var/lib/dhcp',
    ...privateDev(devices),
    `exec /usr/sbin/sshd -D -e -f ${config}`,
  ].join(' && ')
}

/** A host sshd serves: where it is reached, and the shell that prepares its namespace and execs `sshd -D -e -f CONFIG`. */
export interface SshdHost {
  name: string
  address: string
  /** The one port it listens on; 22 unless set. */
  port?: number
  /** Where sshd finds authorized keys; default: the runner's key, for root (clientKey). */
  authorizedKeys?: string
  permitRootLogin?: 'no' | 'prohibit-password'
  /** sshd_config lines beyond sshdConfig's (ListenAddress for extra listeners); a Match block goes last. */
  extra?: string[]
  /**
   * Its own PID namespace, so the host's `ss -p` walks its own processes as on a real host, not
   * every lab host's (which made each observation cost more the more hosts the lab has). Its PID
   * file then holds unshare's, which --kill-child ties sshd's life to.
   */
  ownPids?: boolean
  command: (config: string) => string
}

/** The client keys (the runner's, root's and stack's; ops's) and root's authorized_keys, made once per lab. */
export async function clientKey(): Promise<void> {
  mkdirSync(statePath('ssh'), { recursive: true })
  if (!existsSync(CLIENT_KEY)) await keygen(CLIENT_KEY, 'v6lab-runner')
  if (!existsSync(OPS_KEY)) await keygen(OPS_KEY, 'v6lab-ops')
  writeFileSync(statePath('authorized_keys'), readFileSync(`${CLIENT_KEY}.pub`))
}

/** How known_hosts names a host: `[address]:port` off port 22 (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT). */
export const knownHostsName = (address: string, port = 22): string => (port === 22 ? address : `[${address}]:${port}`)

/** Host key, config and daemon for one host; returns its known_hosts line. */
export async function launchSshd(h: SshdHost): Promise<string> {
  const dir = statePath('ssh', h.name)
  mkdirSync(dir, { recursive: true })
  await keygen(join(dir, 'ssh_host_ed25519_key'), `v6lab-${h.name}`)
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    sshdConfig({
      hostKey: join(dir, 'ssh_host_ed25519_key'),
      authorizedKeys: h.authorizedKeys ?? statePath('authorized_keys'),
      ...(h.port !== undefined && { port: h.port }),
      ...(h.permitRootLogin && { permitRootLogin: h.permitRootLogin }),
      ...(h.extra ? { extra: h.extra } : {}),
    }),
  )
  const pub = readFileSync(join(dir, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ')
  const pids = h.ownPids ? ['--pid', '--fork', '--kill-child', '--mount-proc'] : []
  daemon(`sshd-${h.name}`, [
    'ip',
    'netns',
    'exec',
    ns(h.name),
    'unshare',
    '--uts',
    '--mount',
    '--propagation',
    'private',
    ...pids,
    '--',
    'sh',
    '-c',
    h.command(config),
  ])
  return `${knownHostsName(h.address, h.port)} ${pub}`
}

/**
 * A host with a user (users.ts): keys from each user's ~/.ssh/authorized_keys, root's from the lab's
 * file where root may log in at all.
 */
function userLogins(host: string): Pick<SshdHost, 'authorizedKeys' | 'permitRootLogin' | 'extra'> {
  if (!labUser(host)) return {}
  if (NO_ROOT_LOGIN.has(host)) return { authorizedKeys: '.ssh/authorized_keys', permitRootLogin: 'no' }
  return {
    authorizedKeys: '.ssh/authorized_keys',
    extra: ['Match User root', `  AuthorizedKeysFile ${statePath('authorized_keys')}`],
  }
}

const publicKey = (key: string): string => readFileSync(`${key}.pub`, 'utf8')

/** `devices`: block devices by host name (the config drives), visible only to that host. */
export async function startSshd(devices: Record<string, string[]> = {}): Promise<void> {
  await clientKey()
  writeUserFiles({ client: publicKey(CLIENT_KEY), ops: publicKey(OPS_KEY) })
  const busybox = HOSTS.some((h) => h.tools === 'busybox') ? await busyboxSession() : []
  const known = await Promise.all(
    HOSTS.map((h) => {
      const { extra: match = [], ...logins } = userLogins(h.name)
      // The Match block last: it holds every line after it.
      const extra = [...(h.tools === 'busybox' ? busybox : []), ...match]
      return launchSshd({
        name: h.name,
        address: h.address,
        port: sshPortOf(h),
        ...logins,
        ...(extra.length && { extra }),
        command: (config) => sshdCommand(h.name, config, devices[h.name] ?? []),
      })
    }),
  )
  writeFileSync(KNOWN_HOSTS, known.sort().join('\n') + '\n')
  await Promise.all(HOSTS.map((h) => waitListening(`sshd on ${h.name}`, ns(h.name), [sshPortOf(h)])))
}

export const sshdPid = (host: string): number => daemonPid(`sshd-${host}`)
