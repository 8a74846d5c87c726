// Reading what resolveAll gathered: the results for one question, and the data that answers it.
import { finalRecords } from './chain.ts'
import { nameKey } from './name.ts'
import type { DnsResult, DnsType } from './types.ts'

/** Every result for (name, type), one per resolver asked, in resolver order. Names compare as DNS does (RFC 4343). */
export function resultsFor(dns: readonly DnsResult[], name: string, type: DnsType): DnsResult[] {
  const key = nameKey(name)
  return dns.filter((r) => r.type === type && nameKey(r.name) === key)
}

/** The data of the records that answer the question, CNAMEs followed; none for a failure. */
export const recordData = (r: DnsResult): string[] => (r.ok ? finalRecords(r).records.map((x) => x.data) : [])
