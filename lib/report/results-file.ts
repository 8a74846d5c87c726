// results.json read back (`--baseline`, merge-reports): checked against the shape the reports write
// before anything is observed or written, so that a wrong type (a number for `runId`) is a usage
// error naming the key, not a crash after the night's observation with half the reports missing.
// Unknown keys are ignored (a newer v6ready may add some), `__proto__` among them: every object is
// rebuilt from the schema's keys. The schema is tied to the types the reports use.
import { z } from 'zod'
import { Name } from '../targets/schema.ts'
import { ShardSchema } from '../targets/shard.ts'
import { parseJsonInput, RESULTS_INPUT } from '../util/input-file.ts'
import type { Assert, Equal } from '../util/type-equal.ts'
import type { Verdict } from '../verdict.ts'
import type { Night, Results, TestRecord } from './record.ts'

const str = z.string()

const VerdictSchema = z.object({
  check: str,
  subject: str,
  ok: z.boolean(),
  expected: str,
  observed: str,
  remedy: str.optional(),
  evidence: str.optional(),
  skip: str.optional(),
  where: z
    .object({
      host: str.optional(),
      interface: str.optional(),
      address: str.optional(),
      family: z.enum(['IPv4', 'IPv6']).optional(),
    })
    .optional(),
})

const TestRecordSchema = z.object({
  suite: z.enum(['underlay', 'overlay', 'hosts']),
  group: str,
  check: str.min(1),
  name: str,
  state: z.enum(['passed', 'failed', 'skipped']),
  verdict: VerdictSchema.optional(),
  message: str.optional(),
  body: str.optional(),
  durationMs: z.number(),
  observedMs: z.number().optional(),
  waiver: z.object({ reason: str, expires: str }).optional(),
})

const Percent = z.number().min(0).max(100)
const Count = z.number().int().min(0)
const NightSchema = z.object({
  runId: str,
  startedAt: str,
  readiness: z.object({ underlay: Percent.optional(), overlay: Percent.optional(), hosts: Percent.optional() }),
  new: Count.optional(),
  fixed: Count.optional(),
})

export const ResultsSchema = z.object(
  {
    version: z.literal(1, { error: 'expected 1: this v6ready reads version 1 of results.json' }),
    info: z.object({
      // merge-reports writes to reports/<target>: the targets file's name grammar keeps it one plain path segment.
      target: Name,
      runId: str,
      startedAt: z.iso.datetime({ offset: true }),
      durationMs: z.number(),
      interrupted: z.boolean().optional(),
      interruption: str.optional(),
      shard: ShardSchema.optional(),
      roles: z.record(Name, z.array(str)).optional(),
    }),
    records: z.array(TestRecordSchema),
    history: z.array(NightSchema).optional(),
  },
  { error: 'expected a JSON object' },
)

export type SchemaTies = [
  Assert<Equal<z.infer<typeof ResultsSchema>, Results>>,
  Assert<Equal<z.infer<typeof TestRecordSchema>, TestRecord>>,
  Assert<Equal<z.infer<typeof VerdictSchema>, Verdict>>,
  Assert<Equal<z.infer<typeof NightSchema>, Night>>,
]

/** The text of a results.json, checked; `label` names it in messages (`--baseline FILE`). */
export const parseResults = (text: string, label: string): Results =>
  parseJsonInput(text, label, RESULTS_INPUT, ResultsSchema)
