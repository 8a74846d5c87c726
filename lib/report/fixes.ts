// "What to fix": failures grouped by check and remedy template, so that one fix for 40 hosts is one
// entry. A remedy names its own subject (`sysctl -w net.ipv6.conf.eth0.accept_ra=2` on cmp1, the
// same with eth1 on cmp2), so grouping by its text never grouped anything. Its words are compared
// with the subject's names, addresses and standalone numbers masked; the entry shows the words the
// remedies share, and a placeholder (`<if>`, `<address>`, `<n>`) where they differ.
import { isIPv4, isIPv6 } from 'node:net'
import { CATALOG } from '../checks/catalog.ts'
import type { TestRecord } from './record.ts'
import { line, subjectOf } from './tally.ts'

export interface FixGroup {
  check: string
  /** The remedies' shared text, placeholders where they differ; null when the failures carry none (a test that threw). */
  template: string | null
  records: TestRecord[]
  /** The remedies differ (the template has placeholders): each finding shows its own. */
  varies: boolean
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Names of the subject that a remedy repeats, with the placeholder each stands for. */
function subjectNames(r: TestRecord): Array<[string, string]> {
  const subject = subjectOf(r)
  const where = r.verdict?.where
  const [host, ...rest] = subject.split(':')
  const detail = rest.join(':')
  const names: Array<[string | undefined, string]> = [
    [where?.interface, '<if>'],
    [where?.address, '<address>'],
    [where?.host ?? (detail ? host : undefined), '<host>'],
    [detail, detail === where?.interface ? '<if>' : '<subject>'],
    [subject, '<subject>'],
  ]
  // Longest first, so `ctl1:eth0` is masked before `ctl1`.
  return names
    .filter((n): n is [string, string] => n[0] !== undefined && n[0].length > 1)
    .sort((a, b) => b[0].length - a[0].length)
}

/** An address however a remedy writes it: bare, bracketed, with a port or a prefix length. */
function isAddress(core: string): boolean {
  const m = /^\[?([^\]/]+?)\]?(?::\d+)?(?:\/\d{1,3})?$/.exec(core)
  const a = m?.[1]?.replace(/%.*/, '')
  if (a === undefined) return false
  // `::` alone is a wildcard written on purpose (bind `::`), not somebody's address.
  return (
    (isIPv6(a) && a !== '::') || (isIPv4(a) && a !== '0.0.0.0') || (isIPv6(core.replace(/\/\d+$/, '')) && core !== '::')
  )
}

/** A word of a remedy with what is particular to its subject masked: the grouping key's word. */
export function maskWord(word: string, names: ReadonlyArray<[string, string]>): string {
  const m = /^([(`'"[]*)(.*?)([)`'",.;:\]]*)$/s.exec(word)
  const [, pre = '', core = '', post = ''] = m ?? []
  if (/^\d+$/.test(core)) return `${pre}<n>${post}`
  if (isAddress(core)) return `${pre}<address>${post}`
  let out = word
  for (const [name, placeholder] of names)
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(name)}(?![A-Za-z0-9_-])`, 'g'), placeholder)
  return out
}

const words = (s: string) => s.split(/(\s+)/)

// A smoke check is cheap and fundamental: among fixes for as many subjects, it goes first.
const SEVERITY = new Map(CATALOG.map((c) => [c.id, c.tags.includes('smoke') ? 0 : 1]))
const RANK = new Map(CATALOG.map((c, i) => [c.id, i]))
const natural = new Intl.Collator('en', { numeric: true })

/** Failures by check and remedy template: most subjects first, then severity, then catalog order. */
export function fixGroups(records: readonly TestRecord[]): FixGroup[] {
  const groups = new Map<
    string,
    { check: string; texts: string[][] | null; masked: string[] | null; records: TestRecord[] }
  >()
  for (const r of records) {
    if (r.state !== 'failed') continue
    const remedy = r.verdict?.remedy ? line(r.verdict.remedy) : null
    const ws = remedy === null ? null : words(remedy)
    const masked = ws === null ? null : ws.map((w) => (/^\s+$/.test(w) ? ' ' : maskWord(w, subjectNames(r))))
    const key = `${r.check}\0${masked === null ? '\u0000none' : masked.join('')}`
    const g = groups.get(key)
    if (g) {
      g.records.push(r)
      if (ws) g.texts?.push(ws)
    } else groups.set(key, { check: r.check, texts: ws ? [ws] : null, masked, records: [r] })
  }
  return [...groups.values()]
    .map(({ check, texts, masked, records: rs }): FixGroup => {
      if (!texts || !masked) return { check, template: null, records: sortBySubject(rs), varies: false }
      const first = texts[0] ?? []
      // Where every remedy has the same word, that word; where they differ, the masked one.
      const shared = first.map((w, i) => (texts.every((t) => t[i] === w) ? w : (masked[i] ?? w)))
      const template = shared.join('')
      return { check, template, records: sortBySubject(rs), varies: texts.some((t) => t.join('') !== template) }
    })
    .sort(
      (a, b) =>
        b.records.length - a.records.length ||
        (SEVERITY.get(a.check) ?? 1) - (SEVERITY.get(b.check) ?? 1) ||
        (RANK.get(a.check) ?? CATALOG.length) - (RANK.get(b.check) ?? CATALOG.length) ||
        // Remedy-less failures last among equals: they are usually bugs, not findings.
        Number(a.template === null) - Number(b.template === null) ||
        (a.template ?? '').localeCompare(b.template ?? ''),
    )
}

const sortBySubject = (rs: TestRecord[]) => rs.sort((a, b) => natural.compare(subjectOf(a), subjectOf(b)))

/** A finding's own remedy, one line. */
export const remedyOf = (r: TestRecord): string | undefined => (r.verdict?.remedy ? line(r.verdict.remedy) : undefined)

// ---- commands set as code ----

/** Commands a remedy tells the operator to run, recognised by their first word and an argument. */
const COMMAND =
  /(?<![\w./<-])(?:sysctl|ip6tables|iptables|nft|ip|openstack|dig|systemctl|ssh-keygen|curl|docker|netplan|nmcli|openssl|update-ca-certificates|resolvectl)\s+(?=[-@a-z0-9<])/g

export interface Span {
  code: boolean
  text: string
}

/**
 * A remedy split into text and code: what it quotes in backticks, and each command it names, from
 * its first word to where the sentence goes on (`, `, `; `, ` and `, ` or `, ` (`, a closing
 * parenthesis of the text around it, or the end).
 */
export function codeSpans(remedy: string): Span[] {
  const out: Span[] = []
  const push = (code: boolean, text: string) => {
    if (!text) return
    const last = out.at(-1)
    if (last && last.code === code && !code) last.text += text
    else out.push({ code, text })
  }
  remedy.split(/(`[^`]*`)/).forEach((part) => {
    if (/^`[^`]*`$/.test(part)) return push(true, part.slice(1, -1))
    let at = 0
    for (const m of part.matchAll(COMMAND)) {
      if (m.index < at) continue
      const end = commandEnd(part, m.index)
      push(false, part.slice(at, m.index))
      push(true, part.slice(m.index, end))
      at = end
    }
    push(false, part.slice(at))
  })
  return out
}

function commandEnd(s: string, start: number): number {
  let depth = 0
  let quote: string | undefined
  for (let i = start; i < s.length; i++) {
    const c = s[i]!
    if (quote) {
      if (c === quote) quote = undefined
      continue
    }
    if (c === "'" || c === '"') quote = c
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0 && s[i - 1] === ' ' && c === '(') return trimEnd(s, start, i - 1)
      depth++
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return trimEnd(s, start, i)
      depth--
    } else if (depth === 0 && /^(?:[,;:] |\. | and | or )/.test(s.slice(i, i + 5))) return trimEnd(s, start, i)
  }
  return trimEnd(s, start, s.length)
}

/** The command's end without the sentence's own trailing stop. */
function trimEnd(s: string, start: number, end: number): number {
  let e = end
  while (e > start && /[\s.]/.test(s[e - 1]!)) e--
  return e
}
