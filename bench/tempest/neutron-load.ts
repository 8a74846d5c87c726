// What a tool costs Neutron: the CPU time of every neutron-server process and the API requests in
// its log, read before and after the tool runs. The lab's Neutron is CPU-bound on this machine
// (~0.2 s of CPU per create), so these two figures explain a wall time.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { STATE } from '../../lab/state.ts'

const LOG = join(STATE, 'logs', 'neutron-server.log')
const TICKS = 100 // USER_HZ on Linux

/** utime + stime of every process whose command line names neutron-server, in seconds. */
export function neutronCpuSeconds(): number {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('neutron-server')) continue
      // Fields after the ")" that closes comm: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(f[11]) + Number(f[12])
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS
}

const API_LINE = /"(GET|POST|PUT|DELETE) \/v2\.0\//g

export interface NeutronLoad {
  cpuSeconds: number
  requests: number
}

/** Start measuring; the returned function gives what Neutron spent since. */
export function neutronLoad(): () => NeutronLoad {
  const cpu0 = neutronCpuSeconds()
  const offset = statSync(LOG).size
  return () => {
    const text = readFileSync(LOG).subarray(offset).toString('utf8')
    return {
      cpuSeconds: Math.round((neutronCpuSeconds() - cpu0) * 10) / 10,
      requests: text.match(API_LINE)?.length ?? 0,
    }
  }
}
