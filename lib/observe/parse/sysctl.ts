// /proc/sys read with grep: `path:value` per line.
import type { Parsed, SysctlConf, Sysctls, Unreadable } from '../facts.ts'
import { excerpt, readInPart } from './util.ts'

// Interface names may hold dots (eth0.100) but never ':' or '/', so the first ':' after the path
// ends it; values may hold ':' themselves (stable_secret is an IPv6 address).
const CONF_LINE = /^\/proc\/sys\/net\/ipv6\/(?:conf\/([^/:]+)\/([^/:]+)|(bindv6only)):(.*)$/
const NAMED_LINE = /^\/proc\/sys\/([^:]+):(.*)$/
const GREP_ERROR = /^grep: \/proc\/sys\/([^:]+): /
// The interface a line is about, when its path can still be told.
const CONF_IFACE = /^\/proc\/sys\/net\/ipv6\/conf\/([^/:]+)\//

/** A file of several lines comes back as several `path:line` lines: join them again. */
const add = (rec: Record<string, string>, key: string, value: string) => {
  rec[key] = rec[key] === undefined ? value : `${rec[key]}\n${value}`
}

/**
 * `grep -r . /proc/sys/net/ipv6/conf/ /proc/sys/net/ipv6/bindv6only`. Empty output is a kernel
 * without IPv6 (ipv6.disable=1): an empty conf, not an error. A line that is not `path:value` is
 * listed as unreadable (with its interface when the path names one); the others are kept.
 */
export function parseSysctl(raw: string): Parsed<Omit<Sysctls, 'named'>> {
  const conf: SysctlConf = {}
  const unreadable: Unreadable[] = []
  let read = false
  let bindv6only: number | undefined
  raw.split('\n').forEach((line, i) => {
    if (line === '') return
    const bad = (why: string) => {
      const about = CONF_IFACE.exec(line)?.[1]
      unreadable.push({
        source: 'sysctl',
        line: i + 1,
        excerpt: excerpt(line),
        why,
        ...(about !== undefined ? { about } : {}),
      })
    }
    const m = CONF_LINE.exec(line)
    if (!m) return bad('not /proc/sys/net/ipv6/...:value')
    const [, iface, key, b6, value = ''] = m
    if (b6) {
      if (!/^\d+$/.test(value.trim())) return bad('bindv6only is not a number')
      bindv6only = Number(value)
    } else if (iface && key) add((conf[iface] ??= {}), key, value)
    read = true
  })
  return readInPart(bindv6only === undefined ? { conf } : { conf, bindv6only }, unreadable, read)
}

/**
 * `grep -H . <files> 2>&1`, keyed by path relative to /proc/sys (net/ipv6/conf/eth0.100/accept_ra).
 * A `grep: <path>: No such file or directory` (or any other grep error on a file) leaves the key out.
 */
export function parseNamedSysctl(raw: string): Parsed<Record<string, string>> {
  const named: Record<string, string> = {}
  const unreadable: Unreadable[] = []
  let read = false
  raw.split('\n').forEach((line, i) => {
    if (line === '') return
    if (GREP_ERROR.test(line)) {
      read = true // grep's word on a file it could not read is an answer too: that sysctl is absent
      return
    }
    const m = NAMED_LINE.exec(line)
    if (!m?.[1])
      return void unreadable.push({
        source: 'named-sysctl',
        line: i + 1,
        excerpt: excerpt(line),
        why: 'not /proc/sys/<path>:value',
      })
    add(named, m[1], m[2] ?? '')
    read = true
  })
  return readInPart(named, unreadable, read)
}
