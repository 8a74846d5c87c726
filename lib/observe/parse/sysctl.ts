// /proc/sys read with grep: `path:value` per line.
import type { SysctlConf, Sysctls } from '../facts.ts'
import { excerpt } from './util.ts'

// Interface names may hold dots (eth0.100) but never ':' or '/', so the first ':' after the path
// ends it; values may hold ':' themselves (stable_secret is an IPv6 address).
const CONF_LINE = /^\/proc\/sys\/net\/ipv6\/(?:conf\/([^/:]+)\/([^/:]+)|(bindv6only)):(.*)$/
const NAMED_LINE = /^\/proc\/sys\/([^:]+):(.*)$/
const GREP_ERROR = /^grep: \/proc\/sys\/([^:]+): /

/** A file of several lines comes back as several `path:line` lines: join them again. */
const add = (rec: Record<string, string>, key: string, value: string) => {
  rec[key] = rec[key] === undefined ? value : `${rec[key]}\n${value}`
}

/**
 * `grep -r . /proc/sys/net/ipv6/conf/ /proc/sys/net/ipv6/bindv6only`. Empty output is a kernel
 * without IPv6 (ipv6.disable=1): an empty conf, not an error.
 */
export function parseSysctl(raw: string): Omit<Sysctls, 'named'> {
  const conf: SysctlConf = {}
  let bindv6only: number | undefined
  raw.split('\n').forEach((line, i) => {
    if (line === '') return
    const m = CONF_LINE.exec(line)
    if (!m) throw new Error(`sysctl: line ${i + 1} is not /proc/sys/net/ipv6/...:value: ${excerpt(line)}`)
    const [, iface, key, b6, value = ''] = m
    if (b6) {
      if (!/^\d+$/.test(value.trim())) throw new Error(`sysctl: line ${i + 1}: bindv6only is not a number: ${excerpt(line)}`)
      bindv6only = Number(value)
    } else if (iface && key) add((conf[iface] ??= {}), key, value)
  })
  return bindv6only === undefined ? { conf } : { conf, bindv6only }
}

/**
 * `grep -H . <files> 2>&1`, keyed by path relative to /proc/sys (net/ipv6/conf/eth0.100/accept_ra).
 * A `grep: <path>: No such file or directory` (or any other grep error on a file) leaves the key out.
 */
export function parseNamedSysctl(raw: string): Record<string, string> {
  const named: Record<string, string> = {}
  raw.split('\n').forEach((line, i) => {
    if (line === '' || GREP_ERROR.test(line)) return
    const m = NAMED_LINE.exec(line)
    if (!m?.[1]) throw new Error(`named-sysctl: line ${i + 1} is not /proc/sys/<path>:value: ${excerpt(line)}`)
    add(named, m[1], m[2] ?? '')
  })
  return named
}
