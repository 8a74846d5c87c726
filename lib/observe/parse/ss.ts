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
import type { Listener } from '../facts.ts'
import { canonicalAddress, excerpt } from './util.ts'

const STATES = new Set(['LISTEN', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'UNCONN', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSING', 'CLOSED', 'UNKNOWN'])
const NETIDS = new Set(['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'sctp', 'mptcp'])
const HEADER = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\b/
// Harmless stderr (2>&1): ss -e looks for cgroup2 to name a socket's cgroup, and says so when absent.
const WARNINGS = [/^Failed to find cgroup2 mount$/]

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

export function parseSs(raw: string): Listener[] {
  const rows = raw
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '' && !HEADER.test(line) && !WARNINGS.some((w) => w.test(line)))
    .map(({ line, n }) => {
      const f = line.split(/\s+/)
      if (NETIDS.has(f[0] ?? '')) f.shift()
      const [state = '', , , local = '', peer = ''] = f
      if (!STATES.has(state)) throw new Error(`ss: line ${n} is not a socket: ${excerpt(line)}`)
      return { line, n, state, local, peer }
    })
  const bracketed = rows.some((r) => /^(\[|0\.0\.0\.0:)/.test(r.local) || /^(\[|0\.0\.0\.0:)/.test(r.peer))
  return rows
    .filter((r) => r.state === 'LISTEN')
    .map(({ line, n, local }): Listener => {
      const l = splitLocal(local)
      const v6only = /\bv6only:([01])\b/.exec(line)?.[1]
      const a = l?.host === '*' ? (v6only !== undefined || bracketed ? ANY6 : ANY4) : l && canonicalAddress(l.host)
      if (!l || !a) throw new Error(`ss: line ${n}: bad local address ${excerpt(local)}`)
      const user = /\busers:\(\("((?:[^"\\]|\\.)*)",pid=(\d+)/.exec(line)
      return {
        family: a.family,
        address: a.address,
        ...(l.zone ? { zone: l.zone } : {}),
        port: l.port,
        ...(v6only !== undefined ? { v6only: v6only === '1' } : {}),
        ...(user ? { process: user[1], pid: Number(user[2]) } : {}),
      }
    })
}
