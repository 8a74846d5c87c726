// `v6ready cleanup --target NAME [--dry-run] [--older-than 1h]`: what `tempest cleanup` does for
// Tempest. Lists every v6ready-* network, subnet, port, router and security group the credentials
// can see (and the interfaces of such routers), and deletes them in dependency order, one line each.
import { networkAccess } from '../openstack/access.ts'
import { closeNeutronAgents, neutron } from '../openstack/neutron.ts'
import { showError } from '../openstack/neutron-error.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { RETRY_PAUSE_MS } from './bounds.ts'
import { findLeftovers } from './leftovers.ts'
import { NAME_PREFIX } from './names.ts'
import { deletionLayers, showOutcome, sweep } from './sweep.ts'

export interface CleanupOptions {
  dryRun: boolean
  olderThanMs?: number
}

/** 0 when nothing v6ready made is left (for --dry-run: none was found); 1 otherwise. */
export async function cleanup(
  target: ResolvedTarget,
  opts: CleanupOptions,
  out: (line: string) => void,
): Promise<number> {
  try {
    const access = await networkAccess(target)
    if (!access.ok) {
      out(`cannot reach Neutron: ${access.message}`)
      for (const e of access.evidence) out(`  ${e}`)
      return 1
    }
    const api = neutron(access.endpoint)
    const found = await findLeftovers(api, {
      namePrefix: NAME_PREFIX,
      now: new Date(),
      ...(opts.olderThanMs !== undefined && { olderThanMs: opts.olderThanMs }),
    })
    for (const e of found.errors) out(`could not list: ${showError(e)}`)
    const age = opts.olderThanMs ? ` older than ${Math.round(opts.olderThanMs / 60_000)} min` : ''
    if (found.entries.length === 0) {
      out(`no ${NAME_PREFIX}* resources${age} at ${access.entry.url}`)
      return found.errors.length ? 1 : 0
    }
    if (opts.dryRun) {
      for (const e of deletionLayers(found.entries).flat())
        out(`would delete ${e.kind} ${e.name ?? ''} (${e.id})${e.at ? `, created ${e.at}` : ''}`)
      out(`${found.entries.length} ${NAME_PREFIX}* resources${age} found (dry run: nothing deleted)`)
      return 1
    }
    const outcomes = await sweep(api, found.entries, {
      concurrency: 8,
      retryPauseMs: RETRY_PAUSE_MS,
      onOutcome: (o) => out(showOutcome(o)),
    })
    const failed = outcomes.filter((o) => o.outcome === 'failed').length
    out(`${outcomes.length - failed} of ${outcomes.length} deleted${failed ? `, ${failed} failed` : ''}`)
    return failed || found.errors.length ? 1 : 0
  } finally {
    await closeNeutronAgents()
  }
}
