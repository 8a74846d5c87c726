// The pathmtu section's parts (lib/observe/pathmtu-script.ts) → PathMtuFacts. Pure.
//   `pair N`: `kind`, `name`, `addr`, `dev`, `mtu`, `state` lines;
//   `ping N small`, `ping N full`: ping's output, read by parse/ping.ts.
import type { PathMtuFacts, PathMtuPair, PingRead } from '../facts.ts'
import { partOf, type Part } from './parts.ts'
import { parsePing } from './ping.ts'
import { excerpt } from './util.ts'

const STATES = ['ok', 'no-route', 'no-mtu', 'time-bound'] as const
/** The status timeout(1) exits with when it killed the command. */
const TIMED_OUT = 124

/** One ping's part: its numbers, or why it tells nothing about the path. */
export function pingRead(part: Part | undefined): PingRead {
  if (!part) return { state: 'failed', reason: 'the ping is not in the observation (cut short?)' }
  if (part.exit === 127) return { state: 'missing', reason: `ping is not installed (${excerpt(part.text)})` }
  const r = parsePing(part.text)
  if (!('error' in r)) return { state: 'ok', result: r }
  // BusyBox's ping has no -M: it refuses the option and prints its banner (recorded in
  // test/fixtures/observe/path-mtu/section.a-busybox.txt).
  if (/invalid option -- '?M'?|unrecognized option.*-M|illegal option -- M/.test(part.text)) {
    const banner = /^BusyBox v\S+/m.exec(part.text)?.[0]
    return {
      state: 'no-df',
      reason: `this host's ping${banner ? ` (${banner})` : ''} has no -M, so it cannot forbid fragmentation and the path MTU cannot be measured: ${excerpt(part.text)}`,
    }
  }
  if (part.exit === TIMED_OUT) return { state: 'failed', reason: 'ping did not finish within 3 s (timeout killed it)' }
  return { state: 'failed', reason: `ping exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
}

function pairOf(parts: readonly Part[], n: string, info: Part): PathMtuPair {
  const field = (k: string) => new RegExp(`^${k} (.*)$`, 'm').exec(info.text)?.[1]?.trim() ?? ''
  const kind = field('kind')
  const state = field('state')
  if (kind !== 'router' && kind !== 'peer')
    throw new Error(`pair ${n}: kind ${excerpt(kind)} is neither router nor peer`)
  if (!(STATES as readonly string[]).includes(state)) throw new Error(`pair ${n}: unknown state ${excerpt(state)}`)
  const mtu = Number(field('mtu'))
  const probed = state === 'ok'
  return {
    kind,
    name: field('name'),
    address: field('addr'),
    dev: field('dev'),
    ...(Number.isInteger(mtu) && mtu > 0 ? { mtu } : {}),
    state: state as PathMtuPair['state'],
    ...(probed && {
      small: pingRead(partOf(parts, `ping ${n} small`)),
      full: pingRead(partOf(parts, `ping ${n} full`)),
    }),
  }
}

export function pathMtuFacts(parts: readonly Part[]): PathMtuFacts {
  const pairs = parts.flatMap((p) => {
    const n = /^pair (\d+)$/.exec(p.label)?.[1]
    return n === undefined ? [] : [pairOf(parts, n, p)]
  })
  return { pairs }
}
