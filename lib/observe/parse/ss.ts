// `ss -H -t -l -n -e -p` → Listener[]. What ss prints (iproute2 6.1, measured in a netns):
//   AF_INET6 :: v6only=0           *:8021                  (peer *:*)       v6only:0
//   AF_INET6 :: v6only=1           [::]:8022               (peer [::]:*)    v6only:1
//   AF_INET 0.0.0.0                0.0.0.0:8023
//   AF_INET6 ::ffff:127.0.0.1      [::ffff:127.0.0.1]:8060                  v6only:0
//   SO_BINDTODEVICE eth0 on ::     *%eth0:8024
//   fe80::…%eth0 (scope id)        [fe80::a4cc:24ff:feb1:d572]%eth0:8025
//   127.0.0.53 bound to lo         127.0.0.53%lo:53
// ss before ~4.17 printed IPv6 unbracketed (:::22, ::ffff:127.0.0.1:8060, fe80::1%eth0:123) and
// `*` for IPv4 0.0.0.0: so `*` is IPv6 when ss says v6only or the output is in the bracketed style.
//
// Process names are printed raw in users:(("name",pid=…,fd=…),…), and any user may name a process
// anything: a newline, a quote, a forged socket line or `v6only:1` (capture-hostile.sh records them).
// The kernel keeps 15 bytes of a name (TASK_COMM_LEN), and ss reads it from /proc/<pid>/stat up to
// the first ')', so a name never holds ')': each entry ends at the first ')' after its opening quote.
// A line that comes while a name is still open continues that socket, whatever it looks like; the
// socket's own fields (v6only) are read only after its users field.
import type { Listener, Parsed, Unreadable } from '../facts.ts'
import { NETSTAT_MARK } from '../script.ts'
import { canonicalAddress, quote, readInPart } from './util.ts'

const STATES = new Set([
  'LISTEN',
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'UNCONN',
  'CLOSE-WAIT',
  'LAST-ACK',
  'CLOSING',
  'CLOSED',
  'UNKNOWN',
])
const NETIDS = new Set(['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'sctp', 'mptcp'])
const HEADER = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\b/
// Harmless stderr (2>&1): ss -e looks for cgroup2 to name a socket's cgroup, and says so when absent.
const WARNINGS = [/^Failed to find cgroup2 mount$/]
/** TASK_COMM_LEN - 1: the longest process name the kernel keeps. */
const COMM_MAX = 15
const SOURCE = 'ss'

const ANY6 = { family: 'inet6', address: '::' } as const
const ANY4 = { family: 'inet', address: '0.0.0.0' } as const

interface Local {
  host: string
  zone?: string
  port: number
}

function splitLocal(text: string): Local | undefined {
  const i = text.lastIndexOf(':')
  const port = text.slice(i + 1)
  if (i < 1 || !/^\d{1,5}$/.test(port)) return undefined
  let host = text.slice(0, i)
  let zone: string | undefined
  if (host.startsWith('[')) {
    const close = host.indexOf(']')
    const after = host.slice(close + 1)
    if (close < 0 || (after !== '' && !after.startsWith('%'))) return undefined
    if (after) zone = after.slice(1)
    host = host.slice(1, close)
  }
  const pct = host.indexOf('%') // old ss: fe80::1%eth0:123; also [fe80::1%eth0]
  if (pct >= 0) [host, zone] = [host.slice(0, pct), host.slice(pct + 1)]
  if (zone === '') return undefined
  return { host, port: Number(port), ...(zone ? { zone } : {}) }
}

type Users =
  /** No users field (ss without -p, or a socket no process we may see holds): ss's own fields follow the peer. */
  | { state: 'none' }
  | { state: 'closed'; first: { name: string; pid: number }; tail: string }
  /** The text ends inside a process name: the next line is more of it. */
  | { state: 'open' }
  | { state: 'broken'; why: string }

const USERS = /\susers:\(/

/** The users field of one socket's text, from `users:(` to its closing `)`. */
function usersOf(text: string): Users {
  const at = text.search(USERS)
  if (at < 0) return { state: 'none' }
  let i = at + ' users:('.length
  let first: { name: string; pid: number } | undefined
  for (;;) {
    if (!text.startsWith('("', i))
      return { state: 'broken', why: 'users:(…) holds something other than ("name",pid=…,fd=…)' }
    const start = i + 2
    const close = text.indexOf(')', start)
    if (close < 0)
      return text.length - start < COMM_MAX
        ? { state: 'open' }
        : { state: 'broken', why: 'a process name in users:(…) never ends' }
    const m = /^([\s\S]*)",pid=(\d+),fd=\d+$/.exec(text.slice(start, close))
    if (!m) return { state: 'broken', why: 'users:(…) holds something other than ("name",pid=…,fd=…)' }
    // Only a name breaks a line, and a name is short: a longer "name" over lines swallowed another socket.
    if (m[1]?.includes('\n') && m[1].length > COMM_MAX)
      return { state: 'broken', why: 'a process name runs over lines beyond the 15 bytes the kernel keeps' }
    first ??= { name: m[1] ?? '', pid: Number(m[2]) }
    i = close + 1
    if (text[i] === ',') i++
    else if (text[i] === ')') return { state: 'closed', first, tail: text.slice(i + 1) }
    else return { state: 'broken', why: 'users:(…) is not closed' }
  }
}

const words = (text: string): string[] => text.trim().split(/\s+/)

/** The fields ss prints before the users field: they never hold a process name. */
function headOf(text: string) {
  const at = text.search(USERS)
  const f = words(at < 0 ? text : text.slice(0, at))
  if (NETIDS.has(f[0] ?? '')) f.shift()
  const [state = '', , , local = '', peer = '', ...rest] = f
  return { state, local, peer, rest }
}

const startsSocket = (line: string): boolean => {
  const [a = '', b = ''] = words(line)
  return STATES.has(NETIDS.has(a) ? b : a)
}

/**
 * `netstat -tln`, where the host has no ss (BusyBox, net-tools only): after the script's @@netstat@@
 * line. It prints no v6only, so judges apply net.ipv6.bindv6only; BusyBox 1.35 as Debian builds it
 * has no -p, so no process is named. `:::8080` is [::]:8080; net-tools says tcp6, BusyBox tcp.
 */
export function parseNetstat(raw: string): Parsed<Listener[]> {
  const source = 'netstat -tln (no ss on the host)'
  const unreadable: Unreadable[] = []
  const out: Listener[] = []
  raw.split('\n').forEach((line, i) => {
    const t = line.trim()
    if (t === '' || /^(Active Internet|Proto\s)/.test(t)) return
    const w = t.split(/\s+/)
    if (!/^tcp6?$/.test(w[0] ?? '') || w[5] !== 'LISTEN') {
      unreadable.push({
        source,
        line: i + 1,
        excerpt: quote(t.replace(/ {2,}/g, ' '), 120),
        why: 'not a listening TCP socket',
      })
      return
    }
    const local = splitLocal(w[3] ?? '')
    const c = local ? canonicalAddress(local.host === '*' ? '0.0.0.0' : local.host) : undefined
    if (!local || !c) {
      unreadable.push({
        source,
        line: i + 1,
        excerpt: quote(t.replace(/ {2,}/g, ' '), 120),
        why: `bad local address ${quote(w[3] ?? '')}`,
      })
      return
    }
    out.push({ family: c.family, address: c.address, port: local.port, ...(local.zone ? { zone: local.zone } : {}) })
  })
  return readInPart(out, unreadable, out.length > 0 || unreadable.length === 0)
}

export function parseSs(raw: string): Parsed<Listener[]> {
  if (raw.startsWith(`${NETSTAT_MARK}\n`) || raw === NETSTAT_MARK)
    return parseNetstat(raw.slice(NETSTAT_MARK.length + 1))
  const records: { n: number; text: string }[] = []
  const unreadable: Unreadable[] = []
  const bad = (line: number, text: string, why: string, port?: number) =>
    unreadable.push({
      source: SOURCE,
      line,
      excerpt: quote(text.trim().replace(/ {2,}/g, ' '), 120),
      why,
      ...(port !== undefined ? { about: String(port) } : {}),
    })
  raw.split('\n').forEach((line, i) => {
    // While the last socket's process name is open, this line is more of it, whatever it looks like.
    const last = records.at(-1)
    if (last && usersOf(last.text).state === 'open' && usersOf(`${last.text}\n${line}`).state !== 'broken') {
      last.text += `\n${line}`
      return
    }
    const t = line.trim()
    if (t === '' || HEADER.test(t) || WARNINGS.some((w) => w.test(t))) return
    if (startsSocket(t)) records.push({ n: i + 1, text: line })
    else bad(i + 1, t, 'not a socket')
  })
  const rows = records.map((r) => ({ ...r, ...headOf(r.text) }))
  const bracketed = rows.some((r) => /^(\[|0\.0\.0\.0:)/.test(r.local) || /^(\[|0\.0\.0\.0:)/.test(r.peer))
  const listeners: Listener[] = []
  let readAny = false
  for (const r of rows) {
    const users = usersOf(r.text)
    const l = splitLocal(r.local)
    // The port ties an unreadable socket to the listener checks of that port, even when its address is bad.
    const portText = /:(\d{1,5})$/.exec(r.local)?.[1]
    const port = l?.port ?? (portText !== undefined ? Number(portText) : undefined)
    if (users.state === 'open') {
      bad(r.n, r.text, 'a process name in users:(…) never ends', port)
      continue
    }
    if (users.state === 'broken') {
      bad(r.n, r.text, users.why, port)
      continue
    }
    if (r.state !== 'LISTEN') {
      readAny = true
      continue
    }
    // ss's own fields: after the users field, or after the peer when there is none.
    const own = users.state === 'closed' ? words(users.tail) : r.rest
    const v6only = own.map((w) => /^v6only:([01])$/.exec(w)?.[1]).find((x) => x !== undefined)
    const a = l?.host === '*' ? (v6only !== undefined || bracketed ? ANY6 : ANY4) : l && canonicalAddress(l.host)
    if (!l || !a) {
      bad(r.n, r.text, `bad local address ${quote(r.local)}`, port)
      continue
    }
    readAny = true
    listeners.push({
      family: a.family,
      address: a.address,
      ...(l.zone ? { zone: l.zone } : {}),
      port: l.port,
      ...(v6only !== undefined ? { v6only: v6only === '1' } : {}),
      ...(users.state === 'closed' ? { process: users.first.name, pid: users.first.pid } : {}),
    })
  }
  return readInPart(listeners, unreadable, readAny)
}
