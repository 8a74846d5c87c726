// Judge of whether a host was reached and fully observed.
import type { HostObservation } from '../observe/record.ts'
import { fail, pass, type Verdict } from '../verdict.ts'

export function reach(o: HostObservation): Verdict[] {
  const check = 'hosts.reach.ssh'
  const via = o.transport === 'local' ? 'the local transport' : `SSH to ${o.address ?? o.name}`
  const base = { check, subject: o.name, expected: `observed through ${via}`, where: { host: o.name, ...(o.address ? { address: o.address } : {}) } }
  if (!o.ok)
    return [
      fail({
        ...base,
        observed: `${o.errorKind ? `${o.errorKind}: ` : ''}${o.error ?? 'not reached'}`,
        remedy: o.errorKind?.startsWith('hostkey')
          ? 'verify the new host key out of band, then update known_hosts; never accept it blindly'
          : 'check that sshd listens on that address and port, the route to it, and the credentials',
      }),
    ]
  if (!o.complete || o.truncated)
    return [
      fail({
        ...base,
        observed: o.truncated ? 'the observation output was cut at its size bound' : `the observation stopped early (exit ${o.exitCode ?? 'unknown'}${o.stderr ? `: ${o.stderr.trim().split('\n')[0]}` : ''})`,
        remedy: 'run the observation script by hand on the host (v6ready explain hosts.reach.ssh) and look at its stderr',
        ...(o.stderr ? { evidence: o.stderr } : {}),
      }),
    ]
  return [pass({ ...base, observed: `observed in ${o.durationMs} ms` })]
}
