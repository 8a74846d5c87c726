// The seeded faults. Each one is a real misconfiguration put into the lab, and the findings a
// correct run must report for it: a fault can have a cause and a symptom (accept_ra ignored, so no
// default route). `lab:up --clean` seeds none of them, and every check must pass.

export interface Finding {
  check: string
  subject: string
}

export interface Fault {
  id: FaultId
  what: string
  findings: Finding[]
}

const f = (check: string, subject: string): Finding => ({ check, subject })

export const FAULTS = [
  {
    id: 'ra-ignored-by-forwarding',
    what: 'cmp forwards and relies on RAs on eth0, but accept_ra is 1, which the kernel ignores while forwarding is on',
    findings: [f('hosts.sysctl.accept-ra', 'cmp:eth0'), f('hosts.route.default', 'cmp')],
  },
  {
    id: 'slaac-leak',
    what: 'ctl eth1 is IPv4-only (forbidden), yet accept_ra and autoconf are on: it takes a SLAAC address from the guest link',
    findings: [f('hosts.addr.forbidden', 'ctl:eth1'), f('hosts.sysctl.accept-ra', 'ctl:eth1')],
  },
  {
    id: 'redirects',
    what: 'vm1 accepts ICMPv6 redirects on eth0, which holds a global address',
    findings: [f('hosts.sysctl.redirects', 'vm1:eth0')],
  },
  {
    id: 'v4-only-listener',
    what: 'cinder-api on ctl listens on 0.0.0.0:8776 only',
    findings: [f('hosts.listeners.ipv6', 'ctl:8776'), f('hosts.listeners.reachable', 'ctl:8776')],
  },
  {
    id: 'v6only-listener',
    what: 'libvirtd on the dual-stack cmp listens on [::]:16509 with v6only and no IPv4 socket beside it',
    findings: [f('hosts.listeners.dual-stack', 'cmp:16509')],
  },
  {
    id: 'unbracketed-addr-port',
    what: 'cinder.conf writes an IPv6 iscsi address and port without brackets',
    findings: [f('hosts.config.brackets', 'ctl:/etc/cinder/cinder.conf')],
  },
  {
    id: 'unbracketed-url',
    what: 'nova.conf has an unbracketed IPv6 literal in transport_url',
    findings: [f('hosts.config.brackets', 'ctl:/etc/nova/nova.conf')],
  },
  {
    id: 'nginx-v4-listen',
    what: 'the nginx site has `listen 80;` and no IPv6 listen',
    findings: [f('hosts.config.bind-any', 'ctl:/etc/nginx/sites-enabled/default')],
  },
  {
    id: 'haproxy-v4-bind',
    what: 'haproxy binds 0.0.0.0:5000 only',
    findings: [f('hosts.config.bind-any', 'ctl:/etc/haproxy/haproxy.cfg')],
  },
  {
    id: 'compressed-bosh',
    what: 'the BOSH cloud config writes IPv6 addresses compressed, where BOSH wants them expanded',
    findings: [f('hosts.config.expanded', 'ctl:/srv/bosh/cloud-config.yml')],
  },
  {
    id: 'metadata-blocked',
    what: 'vm2 has no config drive and its route to the metadata service is blocked',
    findings: [f('hosts.metadata.available', 'vm2')],
  },
  {
    id: 'temporary-addresses',
    what: 'vm2 uses RFC 4941 temporary addresses, which Neutron port security drops',
    findings: [f('hosts.privacy.addr-gen', 'vm2:eth0')],
  },
  {
    id: 'low-mtu',
    what: 'cmp has a tunnel interface with MTU 1200, below the IPv6 minimum',
    findings: [f('hosts.link.mtu', 'cmp:tun0')],
  },
  {
    id: 'gai-prefers-v4',
    what: 'cmp has a gai.conf with `precedence ::ffff:0:0/96 100`, so IPv4 wins',
    findings: [f('hosts.resolver.gai-precedence', 'cmp')],
  },
] as const satisfies readonly { id: string; what: string; findings: Finding[] }[]

export type FaultId = (typeof FAULTS)[number]['id']

export type FaultSet = ReadonlySet<FaultId>

export const ALL_FAULTS: FaultSet = new Set(FAULTS.map((x) => x.id))
export const NO_FAULTS: FaultSet = new Set()

/** expected.json: one entry per finding of every seeded fault, sorted for stable diffs. */
export function expectedFindings(faults: FaultSet): Finding[] {
  return FAULTS.filter((x) => faults.has(x.id))
    .flatMap((x) => x.findings)
    .map((x) => ({ check: x.check, subject: x.subject }))
    .sort((a, b) => a.check.localeCompare(b.check) || a.subject.localeCompare(b.subject))
}
