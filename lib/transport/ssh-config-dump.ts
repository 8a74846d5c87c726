// What `ssh -G` prints for one host, limited to the keywords v6ready uses, and the same shape from the
// fallback parser (ssh-config.ts): the two are compared key by key in the tests.

/** One host's ssh_config, resolved as `ssh -G` prints it (OpenSSH's defaults filled in). */
export interface SshConfigDump {
  user: string
  /** After HostName and %h, lower-cased unless it is an address. */
  hostname: string
  port: number
  /** As written (tokens and `~` unexpanded, as ssh -G prints them), duplicates dropped, OpenSSH's defaults when none was set. */
  identityfile: string[]
  identitiesonly: boolean
  /** Expanded (`~`, tokens, ${VAR}); `SSH_AUTH_SOCK` and `none` stay words. Absent when not set. */
  identityagent?: string
  /** Expanded, as ssh -G prints them. */
  userknownhostsfile: string[]
  /** As written: ssh expands `~` in these only when it connects. */
  globalknownhostsfile: string[]
  /** Seconds; absent for `none`. */
  connecttimeout?: number
  /** Hops as ssh -G prints them: the last hop normalised, an address bracketed. Absent when unset or `none`. */
  proxyjump?: string
  /** Absent when unset or `none`; v6ready runs no command, so a ProxyCommand is refused, not ignored. */
  proxycommand?: string
}

/** ssh_config(5): the identity files ssh tries when none is configured, in its order (readconf.c fill_default_options). */
export const OPENSSH_DEFAULT_IDENTITIES = [
  '~/.ssh/id_rsa',
  '~/.ssh/id_ecdsa',
  '~/.ssh/id_ecdsa_sk',
  '~/.ssh/id_ed25519',
  '~/.ssh/id_ed25519_sk',
  '~/.ssh/id_xmss',
  '~/.ssh/id_dsa',
] as const

/** The known_hosts files ssh reads when UserKnownHostsFile / GlobalKnownHostsFile are not set. */
export const OPENSSH_DEFAULT_USER_KNOWN_HOSTS = ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'] as const
export const OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'] as const

/** The keywords both sides give, for the comparison test. */
export const DUMP_KEYS = [
  'user',
  'hostname',
  'port',
  'identityfile',
  'identitiesonly',
  'identityagent',
  'userknownhostsfile',
  'globalknownhostsfile',
  'connecttimeout',
  'proxyjump',
  'proxycommand',
] as const

/** `ssh -G` output → the keywords above. Pure. Throws on output that lacks the lines every dump has. */
export function parseSshG(output: string): SshConfigDump {
  const one = new Map<string, string>()
  const identityfile: string[] = []
  for (const line of output.split('\n')) {
    const m = /^([a-z0-9]+) (.*)$/i.exec(line.trimEnd())
    if (!m) continue
    const key = (m[1] as string).toLowerCase()
    const value = m[2] as string
    if (key === 'identityfile') identityfile.push(value)
    else if (!one.has(key)) one.set(key, value)
  }
  const need = (k: string): string => {
    const v = one.get(k)
    if (v === undefined) throw new Error(`ssh -G printed no "${k}" line`)
    return v
  }
  const list = (k: string): string[] => {
    const v = need(k)
    return v === 'none' ? [] : v.split(' ')
  }
  const port = Number(need('port'))
  if (!Number.isInteger(port)) throw new Error(`ssh -G printed port ${need('port')}`)
  const timeout = one.get('connecttimeout')
  return {
    user: need('user'),
    hostname: need('hostname'),
    port,
    identityfile,
    identitiesonly: need('identitiesonly') === 'yes',
    ...(one.has('identityagent') && { identityagent: one.get('identityagent') as string }),
    userknownhostsfile: list('userknownhostsfile'),
    globalknownhostsfile: list('globalknownhostsfile'),
    ...(timeout !== undefined && timeout !== 'none' && { connecttimeout: Number(timeout) }),
    ...(one.has('proxyjump') && { proxyjump: one.get('proxyjump') as string }),
    ...(one.has('proxycommand') && { proxycommand: one.get('proxycommand') as string }),
  }
}
