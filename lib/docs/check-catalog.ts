// docs/checks.md from the checks' definitions (lib/checks/<suite>/<topic>.ts): ID, tags, title, why, fix.
import { CATALOG } from '../checks/catalog.ts'
import { SUITES } from '../verdict.ts'

export function checkCatalog(): string {
  const out = [
    '# Check catalog',
    '',
    '<!-- Generated from the definitions in lib/checks/ by `npm run docs`; do not edit. -->',
    '',
  ]
  out.push('IDs are stable: waivers and include/exclude lists name them. `v6ready explain ID` prints one entry.', '')
  for (const suite of SUITES) {
    const checks = CATALOG.filter((c) => c.suite === suite)
    if (!checks.length) continue
    out.push(`## ${suite}`, '')
    for (const c of checks) {
      out.push(
        `### \`${c.id}\`${c.tags.length ? ` (${c.tags.join(', ')})` : ''}`,
        '',
        `**${c.title}.**`,
        '',
        `Why: ${c.why}`,
        '',
        `Fix: ${c.fix}`,
        '',
      )
    }
  }
  return out.join('\n')
}
