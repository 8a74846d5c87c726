// The values of a config file that may hold addresses, with where they sit and what their key says
// they hold. Each format has its own parser (ini.ts, nginx.ts, haproxy.ts, yaml.ts, text.ts): a
// value's meaning comes from its key or directive, never from a regex over the whole file.

export type ConfigFormat = 'ini' | 'nginx' | 'haproxy' | 'yaml' | 'json' | 'text'

/**
 * How a value's address text is read. The same text means different things to different readers:
 * `2001:db8::11:443` is a bare address to an ini key, address + port to haproxy, and an error to nginx.
 */
export type Role =
  /** scheme://authority…: RFC 3986 §3.2.2. */
  | 'url'
  /** The key names an address with a port: memcached_servers, rabbit_hosts, bind, listen. */
  | 'hostport'
  /** The key names an address alone: my_ip, bind_host, iscsi_ip_address, gateway. */
  | 'address'
  /** An nginx address (listen, upstream server, resolver, stream proxy_pass): ngx_parse_url. */
  | 'nginx'
  /** A haproxy address (bind, server, peer, nameserver, source, log): str2sa_range. */
  | 'haproxy'
  /** Address:port split at the last colon, brackets refused: RabbitMQ's listeners (cuttlefish's ip type). */
  | 'lastcolon'
  /** Nothing says what it is: text files, keys we do not know. */
  | 'free'

export interface ConfigValue {
  /** 1-based line in the file. */
  line: number
  /** The key or directive as written: `iscsi_ip_address`, `listen`, `bind`, `subnets[0].gateway`'s `gateway`. */
  key: string
  /** Where it sits: ini `[DEFAULT]`, nginx `server`, haproxy `frontend api`, YAML `networks[0].subnets[0]`. */
  context: string
  /** One token, quotes removed; for ini after oslo.config `$name` interpolation. */
  text: string
  /** As written, when interpolation changed it (`http://$my_ip:9292`). */
  written?: string
  role: Role
  /** A socket this value binds: ini bind_host, nginx listen, haproxy bind. */
  bind?: boolean
  /** What recognised the bind (or, for a table entry that is not an address, what ruled it out). */
  bindRule?: BindRule
  /** The listening unit the bind belongs to: an nginx server block, a haproxy section. */
  unit?: string
  /** The directive's words after the address (nginx `ipv6only=on`, haproxy `v4v6`). */
  options?: string[]
  /** Ports that the same section names (iscsi_port = 3260): evidence that a trailing group is a port. */
  ports?: number[]
}

/**
 * How a key was recognised as a listen address: by the listen-options table's entry (with the
 * section it was found in), or by the name pattern of keys.ts, or, in a file of no known format,
 * by holding a wildcard address.
 */
export type BindRule = { by: 'table'; option: ListenOption; section?: string } | { by: 'pattern' } | { by: 'wildcard' }

/** A listening unit that may declare no bind at all (an nginx server block without listen). */
export interface ConfigUnit {
  id: string
  line: number
  /** What binds when nothing is declared: nginx http servers listen on *:80 (IPv4 only). */
  implicit?: string
}

export interface ParsedConfig {
  values: ConfigValue[]
  units: ConfigUnit[]
  /** The file does not parse as its format; judges skip it with this reason. */
  error?: string
}

/** True when the text starts a URL: scheme "://" (RFC 3986 §3). */
export const isUrl = (text: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)

/**
 * A value's tokens: split on whitespace and commas (oslo list options, YAML strings holding lists),
 * quotes removed. Inside a URL a comma separates hosts (rabbit://h1:5672,h2:5672/), so a comma only
 * splits there when a new scheme:// follows it.
 */
export function tokens(value: string): string[] {
  return value
    .split(/\s+/)
    .flatMap((word) => (word.includes('://') ? word.split(/,(?=[A-Za-z][A-Za-z0-9+.-]*:\/\/)/) : word.split(',')))
    .map((t) => t.replace(/^["']+|["';]+$/g, ''))
    .filter((t) => t !== '')
}

// ---- the listen-options table's entries (listen-options.ts holds the table) ----

/**
 * What an option's address does.
 * - listen: the address a socket binds; `::` takes every address of both families.
 * - advertised: also the address other parties are given to connect to, so no wildcard is right in it.
 * - not-address: a key whose name looks like a listen address but holds something else.
 */
export type ListenMeaning = 'listen' | 'advertised' | 'not-address'

/**
 * How the value is written.
 * - address: an address alone; the port has its own option (oslo.config bind_host and bind_port).
 * - hostport: address, [IPv6]:port or a port alone (RFC 5952 §6 brackets): Apache Listen, uWSGI, memcached -l.
 * - last-colon: cuttlefish's ip type (RabbitMQ): the last colon is the port, and brackets are refused.
 */
export type ListenValue = 'address' | 'hostport' | 'last-colon'

export interface ListenOption {
  /** The program that reads it, as its operators name it. */
  service: string
  /** The formats it is read in (v6ready's names). */
  formats: ConfigFormat[]
  /** The file names it sits in, for keys whose meaning depends on the file (`[DEFAULT] host`). */
  files: string[]
  /** The section names (oslo.config groups, my.cnf groups); `*` ends a prefix. Absent: the file has none. */
  sections?: string[]
  /** Matched whatever the file is called: its section or key names the service on its own. */
  anyFile?: true
  /** The key as the service spells it; `*` stands for a name the operator chooses (listeners.tcp.*). */
  key: string
  means: ListenMeaning
  value?: ListenValue
  /** A port alone (`:5000`) binds 0.0.0.0 only (uWSGI); elsewhere a port alone binds every address. */
  portAloneIsIpv4?: true
  /** The service binds every value it is given (several lines, or a list), not the last one alone. */
  many?: true
  /** For `advertised`: who is given the address. */
  givenTo?: string
  /** Where this is defined. */
  source: string
}
