// npx tsx bench/report.ts [--hosts N] [--runs N]: the reports of an N-host run (1,000 by default;
// made from the recorded lab run by test/fixtures/report/scale.ts, no lab needed): how long they
// take to write, each file's size, and report.html's load in headless Chromium (the DevTools
// helper of the report's own test), `runs` loads (5 by default), medians. docs/performance.md
// ("Reports at 1,000 hosts") holds the figures.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeReports } from '../lib/report/write.ts'
import { scaleResults } from '../test/fixtures/report/scale.ts'
import { Cdp, CHROMIUM } from '../test/integration/report/cdp.ts'
import { median } from './measure.ts'

const opts = new Map<string, number>([
  ['--hosts', 1000],
  ['--runs', 5],
])
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) {
  const [flag = '', n = ''] = [argv[i], argv[i + 1]]
  if (!opts.has(flag) || !/^[1-9]\d{0,4}$/.test(n)) {
    console.error('usage: npx tsx bench/report.ts [--hosts N] [--runs N]')
    process.exit(2)
  }
  opts.set(flag, Number(n))
}
const hosts = opts.get('--hosts') ?? 1000
const runs = opts.get('--runs') ?? 5

const dir = join(mkdtempSync(join(tmpdir(), 'v6bench-report-')), 'lab')
try {
  const r = scaleResults(hosts)
  const t0 = performance.now()
  writeReports(r.records, { ...r.info, reportDir: dir })
  const write = performance.now() - t0
  console.log(
    `${hosts} scale hosts + the default lab: ${r.records.length} tests, reports written in ${Math.round(write)} ms`,
  )
  for (const f of ['report.html', 'report.css', 'summary.md', 'junit.xml', 'results.json'])
    console.log(`  ${f.padEnd(13)} ${(statSync(join(dir, f)).size / 1024).toFixed(0).padStart(7)} KiB`)
  if (!CHROMIUM) console.log('report.html load: skipped, chromium is not installed (apt-get install -y chromium)')
  else {
    const browser = new Cdp()
    try {
      const url = `file://${join(dir, 'report.html')}`
      await browser.open(url)
      const loads: Awaited<ReturnType<Cdp['timeLoad']>>[] = []
      for (let i = 0; i < runs; i++) loads.push(await browser.timeLoad(`${url}?load=${i}`))
      const ms = (k: 'domContentLoaded' | 'load' | 'laidOut') => `${Math.round(median(loads.map((l) => l[k])))} ms`
      console.log(
        `report.html in headless Chromium, median of ${runs} loads: DOMContentLoaded ${ms('domContentLoaded')}, load ${ms('load')}, laid out ${ms('laidOut')}`,
      )
    } finally {
      await browser.close()
    }
  }
} finally {
  rmSync(join(dir, '..'), { recursive: true, force: true })
}
