// Findings are data: judges return verdicts, suites turn them into tests, reporters into JUnit.

export type Suite = 'underlay' | 'overlay' | 'hosts'

/** In report order: the network under the hosts, then what runs on it, then the hosts. */
export const SUITES: readonly Suite[] = ['underlay', 'overlay', 'hosts']

/** JUnit properties that locate a finding (docs/design.md §6). */
export interface Where {
  host?: string
  interface?: string
  address?: string
  /** Family of the socket actually used, for probes. */
  family?: 'IPv4' | 'IPv6'
}

export interface Verdict {
  check: string
  /** As written in waivers and expected.json: `ctl1`, `ctl1:eth0`, `ctl1:5672`. */
  subject: string
  ok: boolean
  expected: string
  observed: string
  /** How to fix it; required on failures. */
  remedy?: string
  /** Raw lines that back the verdict, for the failure body. */
  evidence?: string
  /** Set when the check could not be judged: the test is skipped with this reason. */
  skip?: string
  where?: Where
}

type Parts = Omit<Verdict, 'ok' | 'skip'>

export const pass = (v: Omit<Parts, 'remedy'>): Verdict => ({ ...v, ok: true })
export const fail = (v: Parts & { remedy: string }): Verdict => ({ ...v, ok: false })
export const skipped = (check: string, subject: string, reason: string, where?: Where): Verdict => ({
  check,
  subject,
  ok: true,
  expected: '',
  observed: '',
  skip: reason,
  ...(where ? { where } : {}),
})

/** The one-line failure message: the finding, then the remedy (Jenkins shows this line). */
export function failureLine(v: Verdict): string {
  // An observation that ends its own sentence (an API's message often does) gets no second period.
  const observed = v.remedy ? v.observed.replace(/(?<!\.)\.$/, '') : v.observed
  return `${v.subject}: expected ${v.expected}, observed ${observed}${v.remedy ? `. Fix: ${v.remedy}` : ''}`
}
