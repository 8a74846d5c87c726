// `ip addr show` and `ip -6 route show` in their text form: what the observation script reads when
// `ip -j` fails (iproute2 prints JSON for addresses from 4.13, 2017, and for routes from 4.15;
// BusyBox's ip has no -j at all), printed after the `@@text@@`
// line that follows ip's complaint (script.ts). iproute2 and BusyBox print the same shapes, with
// these differences (recorded: iproute2 6.1, BusyBox 1.35.0): BusyBox prints no `state`, prints
// address flags it has no name for as hex (`flags 100` is IFA_F_MANAGETEMPADDR), names a veth's
// peer index in the wrong namespace (`eth0@eth2`), and prints no route protocol at all, so a route
// learned from an RA cannot be told from a static one (protocol 'unknown').
import type { Address, Interface, Parsed, Route, Unreadable } from '../facts.ts'
import { TEXT_MARK } from '../script.ts'
import { canonicalAddress, canonicalPrefix, excerpt, quote, readInPart } from './util.ts'

/** The JSON attempt's complaint and the text form after the mark; undefined when ip printed JSON. */
export function textForm(raw: string): { complaint: string; text: string; busybox: boolean } | undefined {
  const at = raw.indexOf(`${TEXT_MARK}\n`)
  const end = raw.endsWith(TEXT_MARK) ? raw.length - TEXT_MARK.length : -1
  if (at < 0 && end < 0) return undefined
  const cut = at >= 0 ? at : end
  const complaint = raw.slice(0, cut)
  return {
    complaint,
    text: at >= 0 ? raw.slice(at + TEXT_MARK.length + 1) : '',
    busybox: /^BusyBox v/m.test(complaint),
  }
}

/** What the JSON attempt said, in one line, for evidence: `ip: BusyBox v1.35.0 …: no -j`. */
export const complaintOf = (complaint: string): string => excerpt(complaint, 100)

// IFA_F_* bits (linux/if_addr.h), for BusyBox's `flags <hex>`.
const IFA = {
  temporary: 0x01,
  dadfailed: 0x08,
  deprecated: 0x20,
  tentative: 0x40,
  permanent: 0x80,
  mngtmpaddr: 0x100,
  noprefixroute: 0x200,
}

const lifetime = (s: string | undefined): number =>
  s === undefined || s === 'forever' ? Infinity : Number(s.replace(/sec$/, ''))

export function parseIpAddrText(text: string, source: string): Parsed<Interface[]> {
  const unreadable: Unreadable[] = []
  const out: Interface[] = []
  let cur: Interface | undefined
  let last: Address | undefined
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return
    const head = /^(\d+): ([^:@\s]+)(?:@[^:\s]+)?: <([^>]*)>(.*)$/.exec(line)
    if (head) {
      const rest = head[4]!
      cur = {
        name: head[2]!,
        index: Number(head[1]),
        mtu: Number(/ mtu (\d+)/.exec(rest)?.[1] ?? 0),
        operstate: / state (\S+)/.exec(rest)?.[1] ?? 'UNKNOWN',
        flags: head[3]!.split(',').filter(Boolean),
        linkType: 'none',
        addresses: [],
      }
      out.push(cur)
      last = undefined
      return
    }
    const link = /^\s+link\/(\S+)(?: (\S+))?/.exec(line)
    if (link && cur) {
      cur.linkType = link[1]!
      if (link[2] && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(link[2])) cur.mac = link[2]
      return
    }
    const inet = /^\s+(inet6?) (\S+?)(?:\/(\d+))? (.*)$/.exec(line)
    if (inet && cur) {
      const c = canonicalAddress(inet[2]!.replace(/%.*$/, ''))
      if (!c || c.family !== inet[1]) {
        unreadable.push({
          source,
          line: n + 1,
          excerpt: quote(line.trim()),
          why: `${cur.name}: bad ${inet[1]} address ${quote(inet[2]!)}`,
          about: cur.name,
        })
        last = undefined
        return
      }
      const words = inet[4]!.trim().split(/\s+/)
      const hex = words.indexOf('flags') >= 0 ? parseInt(words[words.indexOf('flags') + 1] ?? '0', 16) : 0
      const has = (name: keyof typeof IFA) => words.includes(name) || (hex & IFA[name]) !== 0
      last = {
        family: c.family,
        address: c.address,
        prefixlen: Number(inet[3] ?? (c.family === 'inet6' ? 128 : 32)),
        scope: words[words.indexOf('scope') + 1] ?? 'global',
        tentative: has('tentative'),
        dadfailed: has('dadfailed'),
        deprecated: has('deprecated'),
        // BusyBox prints IFA_F_SECONDARY, the same bit, as "secondary".
        temporary: has('temporary') || (c.family === 'inet6' && words.includes('secondary')),
        dynamic: words.includes('dynamic'),
        noprefixroute: has('noprefixroute'),
        mngtmpaddr: has('mngtmpaddr'),
        ...(words.includes('proto') ? { protocol: words[words.indexOf('proto') + 1]! } : {}),
        validLft: Infinity,
        preferredLft: Infinity,
      }
      cur.addresses.push(last)
      return
    }
    const lft = /^\s+valid_lft (\S+) preferred_lft (\S+)/.exec(line)
    if (lft && last) {
      last.validLft = lifetime(lft[1])
      last.preferredLft = lifetime(lft[2])
      return
    }
    if (/^\s+(altname|inet6? |link-netns)/.test(line) || (/^\s/.test(line) && cur)) return // details we do not model
    unreadable.push({
      source,
      line: n + 1,
      excerpt: quote(line.trim()),
      why: 'not an interface, link or address line',
      ...(cur ? { about: cur.name } : {}),
    })
  })
  return readInPart(out, unreadable, out.length > 0)
}

const ROUTE_TYPES = new Set([
  'unicast',
  'unreachable',
  'prohibit',
  'blackhole',
  'throw',
  'local',
  'anycast',
  'multicast',
  'broadcast',
  'nat',
])

export function parseIpRouteText(text: string, source: string, busybox: boolean): Parsed<Route[]> {
  const unreadable: Unreadable[] = []
  const out: Route[] = []
  let ecmp: Route | undefined
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return
    const hop = /^\s+nexthop (.*)$/.exec(line)
    if (hop && ecmp) {
      const w = hop[1]!.split(/\s+/)
      const via = w.includes('via') ? canonicalAddress(w[w.indexOf('via') + 1] ?? '') : undefined
      ecmp.nexthops = [
        ...(ecmp.nexthops ?? []),
        { ...(via ? { gateway: via.address } : {}), ...(w.includes('dev') ? { dev: w[w.indexOf('dev') + 1]! } : {}) },
      ]
      return
    }
    const w = line.trim().split(/\s+/)
    const type = ROUTE_TYPES.has(w[0]!) ? w.shift()! : 'unicast'
    const dstText = w.shift() ?? ''
    const dst = dstText === 'default' ? 'default' : canonicalPrefix(dstText)
    const at = (k: string) => (w.includes(k) ? w[w.indexOf(k) + 1] : undefined)
    const via = at('via')
    const gw = via === undefined ? undefined : canonicalAddress(via)
    if (!dst || (via !== undefined && !gw)) {
      unreadable.push({
        source,
        line: n + 1,
        excerpt: quote(line.trim()),
        why: !dst ? `bad dst ${quote(dstText)}` : `bad gateway ${quote(via!)}`,
        ...(dst ? { about: dst } : {}),
      })
      ecmp = undefined
      return
    }
    const route: Route = {
      dst,
      ...(gw ? { gateway: gw.address } : {}),
      ...(at('dev') ? { dev: at('dev')! } : {}),
      // iproute2 leaves out `proto boot`, as in JSON; BusyBox never prints a protocol.
      protocol: at('proto') ?? (busybox ? 'unknown' : 'boot'),
      metric: Number(at('metric') ?? 0),
      type,
      flags: [],
    }
    out.push(route)
    ecmp = route
  })
  return readInPart(out, unreadable, out.length > 0 || text.trim() === '')
}
