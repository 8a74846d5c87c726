// hosts.reach: Whether a host was reached and observed at all.
import { hostCheck } from '../define.ts'
import { theHost } from '../subjects.ts'

export const REACH_SSH = hostCheck({
  id: 'hosts.reach.ssh',
  tags: ['smoke'],
  title: 'The host is reached and observed',
  why: 'Every other host check judges facts observed in one round trip; a host that cannot be reached cannot be judged, so its other checks are skipped with this cause.',
  fix: 'Check that sshd listens on the address in the targets file, that the host key matches known_hosts, and that the key or agent is accepted.',
  subjects: theHost,
})

/** The hosts.reach checks, in report order: a new one is appended here. */
export const REACH_CHECKS = [REACH_SSH] as const
