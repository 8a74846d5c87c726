// The listen-address options of the services an OpenStack cloud runs, as data: each entry names the
// service that reads it, the file and section it sits in, what its value means and where that is
// defined (the option's definition in the project's source, its sample config, or its upstream
// documentation). A key that no entry holds falls back to the name pattern of keys.ts.
//
// Recognition is by format, section and key, and by the file's name where the key alone is
// ambiguous: `[DEFAULT] host` is the node's name in nova.conf, `[vnc] server_listen` is QEMU's VNC
// listener wherever a [vnc] section is found, and `listen` in uWSGI's [uwsgi] is the socket's
// queue size, not an address.
import { isBindKey, normalKey } from './keys.ts'
import type { BindRule, ConfigFormat, ListenOption, Role } from './values.ts'

export type { ListenMeaning, ListenOption, ListenValue } from './values.ts'

const OSLO_HOST_FILES = ['nova.conf', 'neutron.conf', 'cinder.conf', 'heat.conf', 'ironic.conf', 'octavia.conf']
const MY_CNF_GROUPS = ['mysqld', 'server', 'mariadb', 'mariadbd', 'galera', 'mysqld-*', 'mariadb-*']
const UWSGI = 'uWSGI (keystone, placement, neutron-api, and every API served by uWSGI)'
const UWSGI_SOURCE =
  "uWSGI's options reference and core/socket.c (an empty host is INADDR_ANY); Debian 12's keystone-uwsgi.ini and neutron-api-uwsgi.ini"

export const LISTEN_OPTIONS: readonly ListenOption[] = [
  // nova
  {
    service: 'nova-api',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['DEFAULT'],
    key: 'osapi_compute_listen',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/service.py (service_opts, default 0.0.0.0)',
  },
  {
    service: 'nova-api-metadata',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['DEFAULT'],
    key: 'metadata_listen',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/service.py (service_opts, default 0.0.0.0)',
  },
  {
    service: "nova-compute (QEMU's VNC server)",
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['vnc'],
    anyFile: true,
    key: 'server_listen',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/vnc.py (server_listen, default 127.0.0.1)',
  },
  {
    service: "nova-compute (QEMU's VNC server)",
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['vnc', 'DEFAULT'],
    key: 'vncserver_listen',
    means: 'listen',
    value: 'address',
    source: "openstack/nova nova/conf/vnc.py (server_listen's deprecated name, in [vnc] or [DEFAULT])",
  },
  {
    service: 'nova-novncproxy',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['vnc'],
    anyFile: true,
    key: 'novncproxy_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/vnc.py (CLI_OPTS, default 0.0.0.0)',
  },
  {
    service: "nova-compute (QEMU's SPICE server)",
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['spice'],
    anyFile: true,
    key: 'server_listen',
    means: 'listen',
    value: 'address',
    source: "openstack/nova nova/conf/spice.py (default 127.0.0.1; Debian 12's nova.conf sets 0.0.0.0)",
  },
  {
    service: 'nova-spicehtml5proxy',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['spice'],
    anyFile: true,
    key: 'html5proxy_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/spice.py (default 0.0.0.0)',
  },
  {
    service: "nova-compute (the instances' serial ports)",
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['serial_console'],
    anyFile: true,
    key: 'proxyclient_address',
    means: 'advertised',
    value: 'address',
    givenTo: 'nova-serialproxy, which connects to it',
    source:
      "openstack/nova nova/conf/serial_console.py; the libvirt driver binds each instance's serial TCP port on it (console.listen_host)",
  },
  {
    service: 'nova-serialproxy',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['serial_console'],
    anyFile: true,
    key: 'serialproxy_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/nova nova/conf/serial_console.py (default 0.0.0.0)',
  },
  {
    service: 'nova',
    formats: ['ini'],
    files: ['nova.conf'],
    sections: ['remote_debug'],
    key: 'host',
    means: 'not-address',
    source: 'openstack/nova nova/conf/remote_debug.py (the debugger to connect to, not a listener)',
  },
  // The node's name in every oslo.config service: the RPC server's name and the service record.
  {
    service: 'OpenStack services (oslo.config)',
    formats: ['ini'],
    files: OSLO_HOST_FILES,
    sections: ['DEFAULT'],
    key: 'host',
    means: 'not-address',
    source:
      'openstack/nova nova/conf/netconf.py, neutron/conf/common.py, octavia/common/config.py (a host name: the sample configs of Debian 12 read #host = <current_hostname>, example.domain, localhost)',
  },
  // neutron, glance, cinder
  {
    service: 'neutron-server',
    formats: ['ini'],
    files: ['neutron.conf'],
    sections: ['DEFAULT'],
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/neutron neutron/conf/common.py (core_opts, default 0.0.0.0)',
  },
  {
    service: 'glance-api',
    formats: ['ini'],
    files: ['glance-api.conf'],
    sections: ['DEFAULT'],
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/glance glance/common/wsgi.py (bind_opts, default 0.0.0.0)',
  },
  {
    service: 'cinder-api',
    formats: ['ini'],
    files: ['cinder.conf'],
    sections: ['DEFAULT'],
    key: 'osapi_volume_listen',
    means: 'listen',
    value: 'address',
    source: 'openstack/cinder cinder/service.py (service_opts, default 0.0.0.0)',
  },
  // octavia
  {
    service: 'octavia-api',
    formats: ['ini'],
    files: ['octavia.conf'],
    sections: ['api_settings'],
    anyFile: true,
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/octavia octavia/common/config.py (api_opts, default 127.0.0.1)',
  },
  {
    service: 'octavia-health-manager',
    formats: ['ini'],
    files: ['octavia.conf'],
    sections: ['health_manager'],
    anyFile: true,
    key: 'bind_ip',
    means: 'listen',
    value: 'address',
    source: 'openstack/octavia octavia/common/config.py (healthmanager_opts: the UDP heartbeat listener)',
  },
  {
    service: 'amphora-agent',
    formats: ['ini'],
    files: ['octavia.conf', 'amphora-agent.conf'],
    sections: ['haproxy_amphora'],
    anyFile: true,
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: "openstack/octavia octavia/common/config.py (haproxy_amphora_opts: the amphora's REST server, default ::)",
  },
  // ironic
  {
    service: 'ironic-api',
    formats: ['ini'],
    files: ['ironic.conf'],
    sections: ['api'],
    key: 'host_ip',
    means: 'listen',
    value: 'address',
    source: 'openstack/ironic ironic/conf/api.py (default 0.0.0.0)',
  },
  {
    service: 'ironic-conductor (JSON RPC)',
    formats: ['ini'],
    files: ['ironic.conf'],
    sections: ['json_rpc'],
    key: 'host_ip',
    means: 'listen',
    value: 'address',
    source: "openstack/ironic ironic/conf/json_rpc.py (default ::, as Debian 12's ironic.conf shows)",
  },
  // heat
  {
    service: 'heat-api',
    formats: ['ini'],
    files: ['heat.conf'],
    sections: ['heat_api'],
    anyFile: true,
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/heat heat/common/wsgi.py (api_opts, group heat_api, default 0.0.0.0)',
  },
  {
    service: 'heat-api-cfn',
    formats: ['ini'],
    files: ['heat.conf'],
    sections: ['heat_api_cfn'],
    anyFile: true,
    key: 'bind_host',
    means: 'listen',
    value: 'address',
    source: 'openstack/heat heat/common/wsgi.py (api_cfn_opts, group heat_api_cfn, default 0.0.0.0)',
  },
  // keystone and placement have no listen option of their own: their WSGI server's is theirs.
  ...['http-socket', 'https-socket', 'socket', 'uwsgi-socket', 'http', 'https'].map(
    (key): ListenOption => ({
      service: UWSGI,
      formats: ['ini'],
      files: [],
      sections: ['uwsgi'],
      anyFile: true,
      key,
      means: 'listen',
      value: 'hostport',
      portAloneIsIpv4: true,
      many: true,
      source: UWSGI_SOURCE,
    }),
  ),
  {
    service: UWSGI,
    formats: ['ini'],
    files: [],
    sections: ['uwsgi'],
    anyFile: true,
    key: 'listen',
    means: 'not-address',
    source: `${UWSGI_SOURCE} (listen is the socket's queue size: listen = 100)`,
  },
  {
    service: 'Apache httpd (keystone, placement and horizon under mod_wsgi)',
    formats: ['text'],
    files: [],
    anyFile: true,
    key: 'Listen',
    means: 'listen',
    value: 'hostport',
    many: true,
    source:
      "Apache httpd's mpm_common Listen directive ([IP-address:]portnumber, IPv6 in brackets); Debian 12's ports.conf",
  },
  // memcached, RabbitMQ, MySQL/Galera
  ...['-l', '--listen'].map(
    (key): ListenOption => ({
      service: 'memcached',
      formats: ['text'],
      files: ['memcached.conf', 'memcached'],
      key,
      means: 'listen',
      value: 'hostport',
      many: true,
      source: "memcached(1) (-l, --listen=<addr>, default INADDR_ANY); Debian 12's memcached.conf (-l 127.0.0.1)",
    }),
  ),
  ...['listeners.tcp.*', 'listeners.ssl.*'].map(
    (key): ListenOption => ({
      service: 'RabbitMQ',
      formats: ['ini'],
      files: ['rabbitmq.conf'],
      anyFile: true,
      key,
      means: 'listen',
      value: 'last-colon',
      many: true,
      source:
        "rabbitmq/rabbitmq-server deps/rabbit/priv/schema/rabbit.schema (datatype [integer, ip]: cuttlefish splits at the last colon); rabbitmq.conf.example's listeners.tcp.local_v6 = ::1:5672",
    }),
  ),
  ...['management.tcp.ip', 'management.ssl.ip'].map(
    (key): ListenOption => ({
      service: 'RabbitMQ management',
      formats: ['ini'],
      files: ['rabbitmq.conf'],
      anyFile: true,
      key,
      means: 'listen',
      value: 'address',
      source: 'rabbitmq/rabbitmq-server deps/rabbitmq_management/priv/schema/rabbitmq_management.schema',
    }),
  ),
  ...['NODE_IP_ADDRESS', 'RABBITMQ_NODE_IP_ADDRESS'].map(
    (key): ListenOption => ({
      service: 'RabbitMQ',
      formats: ['ini', 'text'],
      files: ['rabbitmq-env.conf', 'rabbitmq-server'],
      key,
      means: 'listen',
      value: 'address',
      source:
        "RabbitMQ's configuration guide (environment variables); Debian 12's rabbitmq-env.conf (#NODE_IP_ADDRESS=127.0.0.1)",
    }),
  ),
  {
    service: 'MySQL/MariaDB',
    formats: ['ini'],
    files: [],
    sections: MY_CNF_GROUPS,
    anyFile: true,
    key: 'bind-address',
    means: 'listen',
    value: 'address',
    many: true,
    source:
      "MySQL's and MariaDB's server system variables (bind_address: 0.0.0.0 is IPv4 only, :: and * both families, a comma list from MySQL 8.0.13 and MariaDB 10.11); Debian 12's 50-server.cnf and wsrep.cnf",
  },
  {
    service: 'Galera',
    formats: ['ini'],
    files: [],
    sections: MY_CNF_GROUPS,
    anyFile: true,
    key: 'wsrep_node_address',
    means: 'advertised',
    value: 'hostport',
    givenTo: 'the other cluster nodes, for replication, IST and SST',
    source: "MariaDB's Galera system variables (wsrep_node_address); Debian 12's wsrep.cnf",
  },
  {
    service: 'Galera',
    formats: ['ini'],
    files: [],
    sections: MY_CNF_GROUPS,
    anyFile: true,
    key: 'wsrep_node_incoming_address',
    means: 'advertised',
    value: 'hostport',
    givenTo: 'clients, as where this node takes connections',
    source: "MariaDB's Galera system variables (wsrep_node_incoming_address); Debian 12's wsrep.cnf",
  },
  // HAProxy and nginx: their parsers find the directive (haproxy.ts, nginx.ts); the entry says what it is.
  ...['bind', 'dgram-bind'].map(
    (key): ListenOption => ({
      service: 'HAProxy',
      formats: ['haproxy'],
      files: [],
      anyFile: true,
      key,
      means: 'listen',
      source: "HAProxy's configuration manual §4.2 bind, addresses as str2sa_range reads them",
    }),
  ),
  {
    service: 'nginx',
    formats: ['nginx'],
    files: [],
    anyFile: true,
    key: 'listen',
    means: 'listen',
    source: "nginx's ngx_http_core_module and ngx_stream_core_module listen",
  },
]

/** The services the table knows, in its order, for `v6ready explain`. */
export const LISTEN_SERVICES: readonly string[] = [
  ...new Set(LISTEN_OPTIONS.filter((o) => o.means !== 'not-address').map((o) => o.service)),
]

const glob = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.+')}$`)
const keyRe = new Map(LISTEN_OPTIONS.map((o) => [o, glob(normalKey(o.key))]))
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

function sectionMatches(o: ListenOption, section: string | undefined): boolean {
  if (!o.sections) return true
  if (section === undefined) return false
  const s = section.toLowerCase()
  return o.sections.some((p) => glob(p.toLowerCase()).test(s))
}

/**
 * The table's entry for a key: one whose file list names this file first, else one whose section
 * or key names its service whatever the file is called. Keys compare as normalKey spells them
 * (bind-address = bind_address, as mysqld reads them).
 */
export function listenOption(
  format: ConfigFormat,
  key: string,
  section?: string,
  path?: string,
): ListenOption | undefined {
  const k = normalKey(key)
  const candidates = LISTEN_OPTIONS.filter(
    (o) => o.formats.includes(format) && keyRe.get(o)?.test(k) && sectionMatches(o, section),
  )
  const file = path === undefined ? undefined : baseName(path)
  return candidates.find((o) => file !== undefined && o.files.includes(file)) ?? candidates.find((o) => o.anyFile)
}

/** The role a listen option's value is read in (values.ts). */
export const roleOfListen = (o: ListenOption): Role | undefined =>
  o.value === 'address'
    ? 'address'
    : o.value === 'hostport'
      ? 'hostport'
      : o.value === 'last-colon'
        ? 'lastcolon'
        : undefined

/** The entry in words, for a verdict's evidence: `nova-api's [DEFAULT] osapi_compute_listen (…)`. */
export function describeListenOption(o: ListenOption, section?: string): string {
  const where = o.sections && section !== undefined ? `[${section}] ` : ''
  const what =
    o.means === 'listen'
      ? 'a listen address'
      : o.means === 'advertised'
        ? `a listen address also given to ${o.givenTo ?? 'clients'}`
        : 'not an address'
  return `${o.service}'s ${where}${o.key}, ${what} (${o.source})`
}

/** What a key says about binding, in formats with keys: the table's entry first, then the name pattern. */
export interface KeyBind {
  bind: boolean
  rule?: BindRule
  /** The role the table gives the value; undefined: the key's name decides (keys.ts). */
  role?: Role
  /** The key that groups binds into one unit: the entry's (listeners.tcp.*), or the key itself. */
  unitKey: string
}

export function keyBind(format: ConfigFormat, key: string, section?: string, path?: string): KeyBind {
  const o = listenOption(format, key, section, path)
  if (o)
    return {
      bind: o.means !== 'not-address',
      rule: { by: 'table', option: o, ...(section !== undefined && { section }) },
      role: o.means === 'not-address' ? 'free' : roleOfListen(o),
      unitKey: o.key,
    }
  return isBindKey(key) ? { bind: true, rule: { by: 'pattern' }, unitKey: key } : { bind: false, unitKey: key }
}

/** A bind's rule in words, for the verdict's evidence. */
export function describeBindRule(rule: BindRule | undefined, key: string): string {
  if (rule?.by === 'table') return describeListenOption(rule.option, rule.section)
  if (rule?.by === 'wildcard') return 'a wildcard address in a file of no known format (text: no keys to go by)'
  return `the name pattern of bind keys (bind_host, *_listen, listen, host…): ${key || 'this key'} is in no entry of the listen-option table (lib/config/listen-options.ts)`
}
