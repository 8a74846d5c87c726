// What a key's name says its value holds, for formats whose keys are free-form (ini, YAML, JSON).
import type { Role } from './values.ts'

/** bindAddress, bind-address, BIND_ADDRESS → bind_address: one spelling for the patterns below. */
export function normalKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]/g, '_')
    .toLowerCase()
}

// A socket's own address: bind_host (glance, neutron, cinder), bind_ip (swift), osapi_compute_listen,
// metadata_listen (nova), server_listen ([vnc]), generic listen/bind/host, bindAddress (Kubernetes).
const BIND =
  /^(bind|listen|host|(bind|listen)_(host|ip|address|addr)|.+_listen|.+_(bind|listen)_(host|ip|address|addr))$/

// Address and port in one value: memcached_servers = [2001:db8::11]:11211, rabbit_hosts,
// glance_api_servers, bootstrap_servers; a bare `bind` or `listen` takes host:port in most daemons.
const HOSTPORT =
  /(^|_)(servers|hosts|endpoints|peers|members|nodes|portals|brokers|seeds|hostport|host_port|address_port|addr_port)$|^(bind|listen|server|endpoint|portal)$/

// An address alone. OpenStack keeps the port in its own option (bind_port, osapi_compute_listen_port,
// target_port), so *_listen, *_host and *_ip_address hold no port.
const ADDRESS =
  /(^|_)(ip|ips|ip_address|ip_addresses|address|addresses|addr|host|listen|gateway|gateways|dns|nameservers?|resolvers?|range|reserved|static|static_ips|cidr|cidrs|subnet|vip)$/

export const isBindKey = (key: string): boolean => BIND.test(normalKey(key))

export function roleOfKey(key: string): Role {
  const k = normalKey(key)
  if (HOSTPORT.test(k)) return 'hostport'
  if (ADDRESS.test(k)) return 'address'
  return 'free'
}

// The port each service's address keys sit beside, so that a trailing `:3260` on iscsi_ip_address
// reads as the iSCSI port rather than an address group (RFC 5952 §6 ambiguity, met in an Ocata IPv6 migration).
const SERVICE_PORTS: [RegExp, number[]][] = [
  [/iscsi|iser|target_ip/, [3260]],
  [/rabbit|amqp|transport/, [5671, 5672]],
  [/memcache/, [11211]],
  [/mysql|database|connection/, [3306]],
  [/glance/, [9292]],
  [/keystone|auth/, [5000]],
  [/osapi_compute/, [8774]],
  [/metadata/, [8775]],
  [/osapi_volume/, [8776]],
  [/neutron/, [9696]],
  [/placement/, [8778]],
  [/vnc|spice/, [5900, 6080, 6082]],
  [/redis/, [6379]],
  [/etcd/, [2379, 2380]],
  [/ovsdb|ovn/, [6640, 6641, 6642]],
]

export function servicePorts(key: string): number[] {
  const k = normalKey(key)
  return SERVICE_PORTS.filter(([re]) => re.test(k)).flatMap(([, ports]) => ports)
}

/** A key that sets a port (iscsi_port, target_port, bind_port, osapi_compute_listen_port). */
export const isPortKey = (key: string): boolean => /(^|_)port$/.test(normalKey(key))
