// The one clean-up registry every overlay check uses (not a clean-up walk per class, as Tempest
// has). A Registry per test file owns what that file's checks created: each resource is
// journaled the moment it exists, tagged in the background, and deleted in the file's afterAll
// in dependency order, whatever the checks concluded.
import { existsSync } from 'node:fs'
import { neutron, type Neutron } from '../openstack/neutron.ts'
import type { ApiCall } from '../openstack/neutron-error.ts'
import type { Kind } from '../openstack/neutron-types.ts'
import { overlayBounds, RETRY_PAUSE_MS, type OverlayBounds } from './bounds.ts'
import { carve, carveV4 } from './carve.ts'
import { appendJournal, entryKey, stopFile, type JournalEntry, type TrackedKind } from './journal.ts'
import { findUnanswered } from './leftovers.ts'
import { resourceName, runTags } from './names.ts'
import { taggableKinds, tagsAtCreation, type OverlaySession } from './session.ts'
import { OVERLAY_CHECKS, OVERLAY_SUBJECTS, type OverlayCheckId } from './subjects.ts'
import { isGone, sweep, type SweepOutcome } from './sweep.ts'

const SHARED_INDEX = 15

export const INTERRUPTED = 'the run is being interrupted: nothing more is created'

/** What a create can leave behind on its own (a security group rule goes with its group). */
const TRACKED = new Set<Kind>(['network', 'subnet', 'port', 'router', 'security-group'])

export class Registry {
  private readonly live = new Map<string, JournalEntry>()
  /** Creates sent and not yet answered with the resource or refused, by kind and name. */
  private readonly sending = new Map<string, JournalEntry>()
  private readonly tagging: Promise<unknown>[] = []
  private readonly fixtures = new Map<string, Promise<unknown>>()
  private readonly taggable: ReadonlySet<Kind>
  /** Tagged in the create's body: no PUT after it. */
  private readonly taggedAtCreation: readonly Kind[]
  /** For deletes and tags: their calls are no check's evidence. */
  private readonly quiet: Neutron

  readonly session: OverlaySession
  /** How long a check and the clean-up may take, from openstack.timeout. */
  readonly bounds: OverlayBounds

  constructor(session: OverlaySession) {
    this.session = session
    this.bounds = overlayBounds(session.endpoint.timeoutMs)
    this.taggable = new Set(taggableKinds(session.extensions))
    this.taggedAtCreation = tagsAtCreation(session.extensions)
    this.quiet = this.client()
  }

  /** A client that logs into `calls`, and creates nothing once the main process is cleaning up (or `refuse` says why not). */
  client(calls?: ApiCall[], refuse?: () => string | undefined): Neutron {
    const stop = stopFile(this.session.journal)
    return neutron(this.session.endpoint, {
      ...(calls && { onCall: (c: ApiCall) => calls.push(c) }),
      refuseCreate: () => (existsSync(stop) ? INTERRUPTED : refuse?.()),
      createTags: { kinds: this.taggedAtCreation, tags: runTags(this.session.runId) },
      onCreate: (kind, names, stage) => {
        if (!TRACKED.has(kind)) return
        for (const name of names) this.sent(kind as TrackedKind, name, stage === 'sending' ? 'creating' : 'not-created')
      },
    })
  }

  /** Write-ahead: a create is journaled by name before it is sent, and settled when refused. */
  private sent(kind: TrackedKind, name: string, op: 'creating' | 'not-created'): void {
    const entry: JournalEntry = { op, run: this.session.runId, kind, id: '', name, at: new Date().toISOString() }
    appendJournal(this.session.journal, entry)
    if (op === 'creating') this.sending.set(`${kind} ${name}`, entry)
    else this.sending.delete(`${kind} ${name}`)
  }

  scope(check: OverlayCheckId, subject: string, calls: ApiCall[], refuse?: () => string | undefined): Scope {
    return new Scope(this, check, subject, this.client(calls, refuse), calls, refuse)
  }

  /** Made once per file: the promise every caller with `key` shares (Scope.fixture). */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.fixtures.get(key) as Promise<T> | undefined
    if (!p) {
      p = make()
      this.fixtures.set(key, p)
    }
    return p
  }

  record(e: Omit<JournalEntry, 'op' | 'run' | 'at'>): void {
    const entry: JournalEntry = { op: 'created', run: this.session.runId, ...e, at: new Date().toISOString() }
    appendJournal(this.session.journal, entry)
    this.live.set(entryKey(entry), entry)
    this.sending.delete(`${e.kind} ${e.name ?? ''}`)
    if (e.kind !== 'router-interface' && this.taggable.has(e.kind) && !this.taggedAtCreation.includes(e.kind))
      this.tagging.push(this.quiet.setTags(e.kind, e.id, runTags(this.session.runId)))
  }

  forget(kind: TrackedKind, id: string): void {
    if (!this.live.delete(entryKey({ kind, id }))) return
    appendJournal(this.session.journal, {
      op: 'deleted',
      run: this.session.runId,
      kind,
      id,
      at: new Date().toISOString(),
    })
  }

  /**
   * Everything still live, deleted in dependency order; what fails stays in the journal for the
   * main process. The creates that got no answer are looked up by name first: a port Neutron made
   * without saying so would keep its network from being deleted. No delete starts after
   * `bounds.cleanupMs`: what is not tried by then is `left`, for the main process too.
   */
  async cleanup(): Promise<SweepOutcome[]> {
    const deadline = performance.now() + this.bounds.cleanupMs
    await Promise.all(this.tagging)
    const { found, looked } = await findUnanswered(this.quiet, [...this.sending.values()])
    for (const f of found) this.record(f)
    for (const c of looked)
      if (this.sending.has(`${c.kind} ${c.name ?? ''}`)) this.sent(c.kind, c.name ?? '', 'not-created')
    const outcomes = await sweep(this.quiet, [...this.live.values()], {
      concurrency: 8,
      retryPauseMs: RETRY_PAUSE_MS,
      deadline,
    })
    for (const o of outcomes) if (isGone(o)) this.forget(o.entry.kind, o.entry.id)
    return outcomes
  }
}

/** One check trying one subject: its names, its /64s, its client, and what it tracks. */
export class Scope {
  readonly registry: Registry
  readonly check: OverlayCheckId
  readonly subject: string
  readonly api: Neutron
  private readonly at: { check: number; subject: number }
  /** The check's evidence: every call its client makes, and those of the shared fixtures it used. */
  private readonly calls: ApiCall[] | undefined
  private readonly refuse: (() => string | undefined) | undefined

  constructor(
    registry: Registry,
    check: OverlayCheckId,
    subject: string,
    api: Neutron,
    calls?: ApiCall[],
    refuse?: () => string | undefined,
  ) {
    this.registry = registry
    this.check = check
    this.subject = subject
    this.api = api
    this.calls = calls
    this.refuse = refuse
    // A shared fixture ('' subject) takes the last index, which no subject list reaches.
    const i = (OVERLAY_SUBJECTS[check] as readonly string[]).indexOf(subject)
    this.at = { check: OVERLAY_CHECKS.indexOf(check), subject: i < 0 ? SHARED_INDEX : i }
  }

  /** `v6ready-<run id>-<check>-<subject>-<role>`; an empty subject names a fixture the check's subjects share. */
  name(...roles: string[]): string {
    return resourceName(this.registry.session.runId, this.check, this.subject, ...roles)
  }

  /** This subject's `slot`-th /64 (0-3) of the overlay cidr. */
  cidr(slot = 0): string {
    return carve(this.registry.session.cidr, { ...this.at, slot })
  }

  /** This subject's `slot`-th IPv4 /24 (0-1), for dual-stack networks. */
  cidrV4(slot = 0): string {
    return carveV4({ ...this.at, slot })
  }

  track(
    kind: TrackedKind,
    id: string,
    extra: Partial<Pick<JournalEntry, 'name' | 'network' | 'router' | 'subnet' | 'port'>> = {},
  ): void {
    this.registry.record({ kind, id, check: this.check, ...extra })
  }

  forget(kind: TrackedKind, id: string): void {
    this.registry.forget(kind, id)
  }

  /**
   * A fixture made once per file and shared by several subjects (of `owner`, this check unless
   * given, which names it and carves its subnets). Its calls are logged apart and join the
   * evidence of every subject that uses it, so that each subject's verdict, pass or fail, shows
   * the requests it stood on; a fixture that failed fails each of them with the same step.
   */
  async fixture<T>(key: string, make: (shared: Scope) => Promise<T>, owner: OverlayCheckId = this.check): Promise<T> {
    const made = this.registry.once(key, () => {
      const calls: ApiCall[] = []
      const shared = new Scope(this.registry, owner, '', this.registry.client(calls, this.refuse), calls, this.refuse)
      const value = make(shared)
      // Each subject awaits it below; this keeps a failure no subject waits for any more from being unhandled.
      value.catch(() => undefined)
      return Promise.resolve({ value, calls })
    })
    const { value, calls } = await made
    try {
      return await value
    } finally {
      this.calls?.push(...calls)
    }
  }
}
