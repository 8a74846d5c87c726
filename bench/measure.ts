// What one benchmarked command costs: wall time, CPU time, memory. The command runs under
// /usr/bin/time (its waited-for process tree: user+sys, and the largest single RSS), and a sampler
// sums the RSS of the command's process tree plus the ssh processes that appeared in this network
// namespace since it started. That sum is the peak memory reported: a Vitest run is several
// processes, a pytest-xdist run dozens, and ssh's ControlPersist masters leave the tree (they
// daemonize), so neither one process's RSS nor the waited tree would see them all. What the
// masters spent is read from /proc before the bench stops them. Anything else in the namespace
// (another command someone runs there meanwhile) is neither counted nor stopped.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PAGE = 4096
const TICKS = 100 // sysconf(_SC_CLK_TCK) on Linux

const netNs = (pid: string): string | undefined => {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`)
  } catch {
    return undefined
  }
}

/** The PIDs in this process's network namespace. */
export function nsPids(): number[] {
  const mine = netNs('self')
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && netNs(p) === mine)
    .map(Number)
}

const rssBytes = (pid: number): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE
  } catch {
    return 0
  }
}

/** pid → [ppid, comm] for the given PIDs. */
function procTable(pids: number[]): Map<number, [number, string]> {
  const t = new Map<number, [number, string]>()
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      t.set(pid, [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), comm])
    } catch {
      /* gone */
    }
  }
  return t
}

/** The new processes that belong to the command: its tree, and ssh processes (masters reparent away). */
function ours(root: number, before: Set<number>): number[] {
  const t = procTable(nsPids().filter((p) => !before.has(p)))
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true
      const next = t.get(p)?.[0]
      if (next === undefined) return false
      p = next
    }
    return false
  }
  return [...t.keys()].filter((p) => inTree(p) || t.get(p)?.[1] === 'ssh')
}

/** utime + stime of one process, in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / TICKS
  } catch {
    return 0
  }
}

/** Busy CPU seconds of the whole machine so far (every process: the clients and the hosts' sshd and shells). */
export function machineCpuSeconds(): number {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)
  return busy / TICKS
}

export interface Cost {
  wallS: number
  /** user+sys of the command's tree, plus what processes it left behind spent. */
  cpuS: number
  /** Busy CPU of the whole machine over the run. */
  machineCpuS: number
  /** The peak of the summed RSS of every process the command had alive at once. */
  peakRssMiB: number
  /** The largest single process (GNU time's %M). */
  maxRssMiB: number
  exitCode: number
}

/**
 * Run argv to completion, sampling memory every `everyMs`. `leftovers(pids)` is called with the
 * processes it left in the namespace (ssh masters), after their CPU is counted: it stops them.
 */
export async function measure(
  argv: string[],
  opts: {
    cwd: string
    env?: NodeJS.ProcessEnv
    log: string
    everyMs?: number
    leftovers?: (pids: number[]) => Promise<void>
  },
): Promise<Cost> {
  const timeFile = join(tmpdir(), `v6bench-time-${process.pid}.txt`)
  const before = new Set(nsPids())
  const cpu0 = machineCpuSeconds()
  const t0 = performance.now()
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  let peak = 0
  const sample = () => {
    let sum = 0
    for (const pid of ours(child.pid ?? -1, before)) if (pid !== child.pid) sum += rssBytes(pid)
    peak = Math.max(peak, sum)
  }
  const timer = setInterval(sample, opts.everyMs ?? 100)
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
  const wallS = (performance.now() - t0) / 1000
  clearInterval(timer)
  const machineCpuS = machineCpuSeconds() - cpu0
  // The tree has exited: what is left of ours is the ssh masters.
  const left = ours(child.pid ?? -1, before)
  const leftCpu = left.reduce((s, p) => s + cpuSeconds(p), 0)
  if (left.length && opts.leftovers) await opts.leftovers(left)
  const [u, s, m] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
  rmSync(timeFile, { force: true })
  writeFileSync(opts.log, out)
  return {
    wallS,
    cpuS: (u ?? 0) + (s ?? 0) + leftCpu,
    machineCpuS,
    peakRssMiB: peak / 2 ** 20,
    maxRssMiB: (m ?? 0) / 1024,
    exitCode,
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
