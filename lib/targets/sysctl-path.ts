// Dotted sysctl names are ambiguous when an interface name holds a dot (VLAN eth0.100):
// net.ipv6.conf.eth0.100.accept_ra. Keys never contain dots, so for the per-interface trees
// the interface is everything between the tree and the last part.
const PER_INTERFACE = /^(net\.(?:ipv4|ipv6)\.(?:conf|neigh))\.(.+)\.([^.]+)$/

/**
 * The /proc/sys-relative path of a sysctl named as a path (net/ipv6/conf/eth0.100/accept_ra),
 * as sysctl -a prints it (net.ipv6.conf.eth0/100.accept_ra: sysctl(8) swaps . and /), or dotted.
 */
export function sysctlPath(name: string): string {
  if (/^(\/proc\/sys\/|[a-z0-9_]+\/)/.test(name)) return name.replace(/^\/proc\/sys\//, '')
  if (name.includes('/')) return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))
  const m = PER_INTERFACE.exec(name)
  if (m) return `${m[1]!.replaceAll('.', '/')}/${m[2]}/${m[3]}`
  return name.replaceAll('.', '/')
}

/** How to name a per-interface IPv6 sysctl in a remedy: sysctl(8) needs / when the name has a dot. */
export function ipv6ConfName(iface: string, key: string): string {
  return iface.includes('.') ? `net/ipv6/conf/${iface}/${key}` : `net.ipv6.conf.${iface}.${key}`
}

/**
 * A sysctl path under /proc/sys that the observation script may read: it is pasted into the script
 * unquoted, so anything else is refused. The targets schema applies the same rule to every sysctl
 * name (lib/targets/schema.ts), so a name it accepts is never refused at run time.
 */
const SAFE_SYSCTL_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/

export function isSafeSysctlPath(path: string): boolean {
  return SAFE_SYSCTL_PATH.test(path) && !path.split('/').some((p) => p === '..' || p === '.')
}
