// Parts: the guest, firewall, containers and ovs sections of the observation script (POSIX sh, dash-safe). Each
// part is one fixed command or one file, fenced by the run's nonce and bounded in size, with the
// command's exit status after it:
//   @@v6ready:<nonce>:part:<hex label>@@\n<output, at most PART_LIMIT bytes>\n@@v6ready:<nonce>:rc:<status>@@
// A part cut at the limit has no rc fence, so the parser knows it was truncated. The label travels
// as hex made on the host, so a file name cannot forge a fence. No value from the targets file is
// pasted into these commands: every command and glob here is a fixed string.

/** The most of one part that is read: a k8s host's nft ruleset can run to megabytes. */
export const PART_LIMIT = 1048576

/** The sh functions the parts need: pt_run LABEL CMD... runs a command, pt_files GLOB... reads regular files. */
export function partsPrelude(nonce: string): string {
  if (!/^[a-z0-9]+$/.test(nonce)) throw new Error(`bad nonce ${nonce}`)
  return String.raw`pt_hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
pt_run() {
  pt_l=$1; shift
  printf '\n@@v6ready:${nonce}:part:%s@@\n' "$(pt_hex "$pt_l")"
  { "$@" 2>&1 </dev/null; printf '\n@@v6ready:${nonce}:rc:%s@@\n' "$?"; } | head -c ${PART_LIMIT + 64}
}
pt_files() {
  for pt_f in "$@"; do [ -f "$pt_f" ] && pt_run "$pt_f" cat -- "$pt_f"; done
}`
}

/**
 * Network configuration of the five systems a guest may use (RHEL's ifcfg files with
 * /etc/sysconfig/network; NetworkManager.conf, whose presence and defaults decide how NetworkManager
 * reads them), and the DHCPv6 clients' lease files.
 */
export const GUEST_FILES = [
  '/etc/network/interfaces',
  '/etc/network/interfaces.d/*',
  '/etc/netplan/*.yaml',
  '/etc/NetworkManager/system-connections/*',
  '/run/NetworkManager/system-connections/*',
  '/etc/NetworkManager/NetworkManager.conf',
  '/etc/NetworkManager/conf.d/*.conf',
  '/etc/systemd/network/*.network',
  '/run/systemd/network/*.network',
  '/etc/sysconfig/network',
  '/etc/sysconfig/network-scripts/ifcfg-*',
  '/var/lib/dhcp/dhclient6*.leases',
  '/var/lib/dhcp/dhclient*.lease6',
  '/var/lib/NetworkManager/*.lease',
  '/var/lib/dhclient/dhclient6*.lease*',
] as const

/** Globs are left unquoted on purpose: sh expands them; an unmatched one stays literal and fails `[ -f ]`. */
export const guestScript = (): string => `pt_files ${GUEST_FILES.join(' ')}`

/** Part labels of the firewall section, which every host runs: the IPv6 filter rules. */
export const FIREWALL_PARTS = {
  ip6tables: 'ip6tables-save -t filter',
  nft: 'nft -j list ruleset',
} as const

export const firewallScript = (): string =>
  Object.values(FIREWALL_PARTS)
    .map((cmd) => `pt_run '${cmd}' ${cmd}`)
    .join('\n')

/** Part labels of the containers section; nft's ruleset is the firewall section's, read once per host. */
export const CONTAINER_PARTS = {
  daemonJson: '/etc/docker/daemon.json',
  ip6tablesNat: 'ip6tables-save -t nat',
  nft: FIREWALL_PARTS.nft,
  neigh: 'ip -j -6 neigh show',
  proxyNeigh: 'ip -j -6 neigh show proxy',
  dockerdVersion: 'dockerd --version',
} as const

/**
 * dockerd sits in /usr/sbin on Debian's docker.io and in /usr/bin with Docker's own packages; a
 * non-root login's PATH often lacks the sbin directories, so the part runs with both.
 */
const DOCKERD_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const READ_BY_FIREWALL: readonly string[] = Object.values(FIREWALL_PARTS)

export const containersScript = (): string => {
  const { daemonJson, dockerdVersion, ...commands } = CONTAINER_PARTS
  return [
    `pt_run ${daemonJson} cat -- ${daemonJson}`,
    ...Object.values(commands)
      .filter((cmd) => !READ_BY_FIREWALL.includes(cmd))
      .map((cmd) => `pt_run '${cmd}' ${cmd}`),
    `pt_run '${dockerdVersion}' env ${DOCKERD_PATH} ${dockerdVersion}`,
  ].join('\n')
}

/**
 * The ovs section, on hosts that list ini files (hosts.config.overlay-mtu): an OVN chassis's tunnel
 * endpoint and type, which live in the local Open vSwitch database, not in a file
 * (ovn-controller(8), external_ids:ovn-encap-ip and ovn-encap-type). Only where ovs-vsctl is
 * installed; --timeout so a database that does not answer cannot hold the one round trip.
 */
export const OVS_PARTS = {
  encap: 'ovs-vsctl --timeout=5 --if-exists get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type',
} as const

export const ovsScript = (): string =>
  `if command -v ovs-vsctl >/dev/null 2>&1; then pt_run '${OVS_PARTS.encap}' ${OVS_PARTS.encap}; fi`
