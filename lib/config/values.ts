// The values of a config file that may hold addresses, with where they sit and what their key says
// they hold. Each format has its own parser (ini.ts, nginx.ts, haproxy.ts, yaml.ts, text.ts): a
// value's meaning comes from its key or directive, never from a regex over the whole file.
import type { ListenOption } from './listen-options.ts'

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
