// What the three hosts.config.* judges share: one verdict per check and configured file (subject
// `host:/path`), the same answer for a file that is absent or unreadable, and findings that name
// file:line and the text as written (already redacted at observation, redacted again here).
import type { ConfigValue } from '../config/index.ts'
import { CONFIG_LIMIT } from '../observe/config-script.ts'
import type { ConfigText, ParsedConfigFile } from '../observe/facts.ts'
import { describeIdentity } from '../observe/parse/identity.ts'
import { redactText } from '../secrets/redact-text.ts'
import type { ConfigFileSpec } from '../targets/schema.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { whereOf, type HostView } from './host-view.ts'

export interface ConfigFile {
  spec: ConfigFileSpec
  file: ConfigText
  parsed: ParsedConfigFile
}

export interface Finding {
  line: number
  /** Why it is wrong, in the reader's terms (RFC 3986, nginx, haproxy…). */
  why: string
  /** The text to write instead. */
  fix: string
  /** What recognised the setting (a listen-option table entry and its source, or the name pattern). */
  rule?: string
}

export interface FileResult {
  findings: Finding[]
  /** For a pass: what was looked at, so a pass on an empty file reads as one. */
  observed: string
  /** For a pass: what the pass rests on (which rule recognised each setting). */
  evidence?: string
}

/** The line as written, trimmed and shortened; redacted once more so no judge can leak a secret. */
export function sourceLine(f: ConfigFile, line: number): string {
  const text = redactText(f.parsed.lines[line - 1] ?? '').trim()
  return text.length > 160 ? `${text.slice(0, 160)}…` : text
}

export const showValue = (v: ConfigValue): string => (v.written ? `${v.written} (= ${v.text})` : v.text)

/**
 * Absent or unreadable files fail: the targets file says this file configures the host, so a
 * missing one is either a wrong path (the check would pass vacuously forever) or a service that
 * is not configured where it is expected. A file that does not parse as its format is skipped
 * with the parser's reason: that may be our reader's limit, and it says nothing about IPv6.
 */
export function judgeConfigs(
  check: string,
  v: HostView,
  expected: (spec: ConfigFileSpec) => string,
  judge: (f: ConfigFile) => FileResult,
  applies: (spec: ConfigFileSpec) => boolean = () => true,
): Verdict[] {
  const facts = v.facts.configs
  const where = whereOf(v)
  return v.host.configs.filter(applies).map((spec): Verdict => {
    const subject = `${v.host.name}:${spec.path}`
    if (!facts.ok) return skipped(check, subject, `could not observe configs: ${facts.error}`, where)
    const file = facts.value.find((f) => f.path === spec.path)
    if (!file)
      return skipped(
        check,
        subject,
        `${spec.path} was not read in this observation (named in the targets file after it was recorded?)`,
        where,
      )
    const base = { check, subject, expected: expected(spec), where }
    if (file.state === 'absent')
      return fail({
        ...base,
        observed: `${spec.path} does not exist`,
        remedy: `install the ${spec.format} file where the service reads it, or correct its path in the targets file`,
      })
    // Not readable to the observing user (a 0640 root:nova file, no sudo): not judged, never a pass.
    if (file.state === 'unreadable' && file.denied)
      return skipped(
        check,
        subject,
        `${spec.path} is not readable by ${describeIdentity(v.facts.identity.ok ? v.facts.identity.value : undefined)}: set ssh.become: sudo for this host (docs/ssh.md), or let that user read the file`,
        where,
      )
    if (file.state === 'unreadable')
      return fail({
        ...base,
        observed: `${spec.path} cannot be read: ${file.reason ?? 'unreadable'}`,
        remedy: 'name the file itself in the targets file, not a directory or a device',
      })
    // Read as its format when the facts were made (parse/config.ts), from the same targets file.
    const parsed = file.parsed
    if (parsed?.format !== spec.format)
      return skipped(check, subject, `${spec.path} was not read as ${spec.format} in this observation`, where)
    if (parsed.error)
      return skipped(check, subject, `${spec.path} does not parse as ${spec.format} (${parsed.error})`, where)
    const f: ConfigFile = { spec, file, parsed }
    const r = judge(f)
    const cut = file.truncated ? ` (judged on the first ${CONFIG_LIMIT / 1048576} MiB of ${file.size} bytes)` : ''
    if (!r.findings.length)
      return pass({ ...base, observed: `${r.observed}${cut}`, ...(r.evidence && { evidence: r.evidence }) })
    const findings = [...r.findings].sort((a, b) => a.line - b.line)
    const [first] = findings
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''
    return fail({
      ...base,
      observed: `line ${first!.line} \`${sourceLine(f, first!.line)}\`: ${first!.why}${more}${cut}`,
      remedy: [...new Set(findings.map((x) => `line ${x.line}: ${x.fix}`))].join('; '),
      evidence: findings
        .map(
          (x) =>
            `${spec.path}:${x.line}: ${sourceLine(f, x.line)}\n  ${x.why}${x.rule ? `\n  recognised as ${x.rule}` : ''}`,
        )
        .join('\n'),
    })
  })
}
