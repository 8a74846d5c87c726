// What `validate` warns about in a file the schema accepts: things that are not wrong in themselves
// but that no run will use as the operator meant. A waiver for a check that does not exist, or
// whose subject no test of its target will have, waives nothing (and the finding it was written
// for fails as if it were not there); a local file that is not there fails the run later, host by
// host. Each names the data path of the offending value; `validate` adds its position.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { CATALOG } from './catalog.ts'
import { plan } from './plan.ts'
import { ALL, globMatch } from './select.ts'
import { didYouMean } from '../util/suggest.ts'
import { resolveTarget } from '../targets/resolve.ts'
import type { SshSpec, TargetsFile } from '../targets/schema.ts'

const IDS = CATALOG.map((c) => c.id)

// Whether a waiver's subject can meet a planned subject. Planned subjects may stand for many
// (`ctl1:*` for each observed interface, `*/public` for each catalog entry, `* (catalog host
// names)`), and a waiver's may hold `*` too, so each is tried as a glob over the other.
export function waiverMeets(waiver: string, planned: string): boolean {
  const p = planned.replace(/ \(.*\)$/, '')
  return (
    globMatch(waiver, p.replaceAll('*', '\u0000')) ||
    globMatch(waiver, p) ||
    globMatch(p, waiver.replaceAll('*', '\u0000')) ||
    globMatch(p, waiver)
  )
}

export interface Warning {
  /** `["targets", "lab1", "waivers", 0, "check"]` */
  path: PropertyKey[]
  message: string
}

export function targetWarnings(file: TargetsFile, exists: (path: string) => boolean = existsSync): Warning[] {
  const out: Warning[] = []
  const warn = (path: readonly PropertyKey[], message: string) => out.push({ path: [...path], message })
  for (const [name, t] of Object.entries(file.targets)) {
    const base = ['targets', name]
    const planned = new Map(plan(resolveTarget(file, name), ALL).map((p) => [p.check, p.subjects]))
    t.waivers.forEach((w, i) => {
      if (!IDS.includes(w.check)) {
        warn(
          [...base, 'waivers', i, 'check'],
          `no check "${w.check}"${didYouMean(w.check, IDS)}: this waiver waives nothing (v6ready list shows the check IDs)`,
        )
        return
      }
      const subjects = planned.get(w.check) ?? []
      if (!subjects.some((s) => waiverMeets(w.subject, s)))
        warn(
          [...base, 'waivers', i, 'subject'],
          subjects.length
            ? `no ${w.check} test of ${name} has the subject "${w.subject}"${didYouMean(w.subject, subjects)}: this waiver waives nothing (v6ready list --target ${name} shows the subjects)`
            : `${name} has no ${w.check} test: this waiver waives nothing (v6ready list --target ${name} shows the tests)`,
        )
    })
    // A missing identity, known_hosts, ssh_config or CA file is an error of validate (load.ts); an
    // agent socket is made when the agent starts, so its absence now is only worth a warning.
    const agent = (path: readonly PropertyKey[], s: SshSpec | undefined) => {
      if (typeof s?.agent !== 'string') return
      const real = s.agent.startsWith('~/') ? `${homedir()}${s.agent.slice(1)}` : s.agent
      if (!exists(real))
        warn(
          [...path, 'agent'],
          `the agent socket ${s.agent} does not exist here: a run from this machine will fail to use it`,
        )
    }
    agent([...base, 'ssh'], t.ssh)
    t.hosts.forEach((h, i) => agent([...base, 'hosts', i, 'ssh'], h.ssh))
  }
  return out
}
