// report.html of a real lab run (the seeded-fault lab's observations, judged again with --replay),
// rendered by Debian's headless Chromium: the page renders, the matrix holds a red cell exactly
// where a seeded fault is, and a screenshot is kept in reports/. JavaScript off: the page has no
// script and its CSP forbids any, so what Chromium renders is what a browser with scripting off
// shows. (`--blink-settings=scriptEnabled=false` would also stop headless's own --dump-dom and
// --screenshot, measured here.) Then the same report served from loopback as Jenkins serves it,
// under Jenkins' default Content-Security-Policy, and its computed styles read over the DevTools
// protocol: the failed cells are still red. Last, a 1,000-host run's report (made from the
// recorded run: test/fixtures/report/scale.ts): a few hundred KB everywhere. Its load time is a
// measurement, not an assertion (`npm run bench:report`, docs/performance.md).
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { reportHtml } from '../../../lib/report/html.ts'
import { inReportOrder } from '../../../lib/report/tally.ts'
import { writeReports } from '../../../lib/report/write.ts'
import { scaleResults } from '../../fixtures/report/scale.ts'
import { cli, ROOT } from '../cli/cli.ts'
import { Cdp, CHROMIUM, CHROMIUM_FLAGS, rgb } from './cdp.ts'

// CI installs chromium (.ci/run) and sets V6READY_LAB=required; elsewhere its absence is a skip that says so.
const required = process.env.V6READY_LAB === 'required'
const FIXTURE = join(ROOT, 'test/fixtures/report')

// The flags the env notes give for this machine: no background traffic, a fresh profile.
const chromium = (profile: string, ...args: string[]) =>
  spawnSync(CHROMIUM ?? 'chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  })

/** (subject row, check group column) of every cell with the given class, read from the rendered DOM. */
function cells(dom: string, state: string): string[] {
  const table = (id: string) => /<table>([\s\S]*?)<\/table>/.exec(dom.slice(dom.indexOf(`id="suite-${id}"`)))?.[1] ?? ''
  return ['underlay', 'hosts'].flatMap((suite) => {
    const t = table(suite)
    const cols = [...(/<thead>([\s\S]*?)<\/thead>/.exec(t)?.[1] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)]
      .map((m) => m[1])
      .slice(1)
    return [...t.matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].flatMap((row) =>
      [...(row[2] ?? '').matchAll(/<td class="(\w+)"/g)].flatMap((c, i) =>
        c[1] === state ? [`${row[1]} ${suite}.${cols[i]}`] : [],
      ),
    )
  })
}

/** The reports of a 1,000-host run, written once for the tests that read them. */
const SCALE_DIR = join(mkdtempSync(join(tmpdir(), 'v6ready-scale-')), 'lab')
let scaleWritten = false
function scaleReport(): string {
  if (!scaleWritten) {
    const r = scaleResults(1000)
    writeReports(r.records, { ...r.info, reportDir: SCALE_DIR })
    scaleWritten = true
  }
  return SCALE_DIR
}
afterAll(() => rmSync(join(SCALE_DIR, '..'), { recursive: true, force: true }))

/** Where a finding sits: hosts by host, catalog entries (`identity/admin`) in the catalog row, the rest by subject. */
const cellOf = (f: { check: string; subject: string }) => {
  const topic = f.check.split('.').slice(0, 2).join('.')
  const row = f.check.startsWith('hosts.') ? f.subject.split(':')[0] : f.subject.includes('/') ? 'catalog' : f.subject
  return `${row} ${topic}`
}

describe.skipIf(!CHROMIUM && !required)('report.html in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-html-'))
  let dom = ''

  beforeAll(() => {
    if (!CHROMIUM) throw new Error('V6READY_LAB=required, but chromium is not installed (apt-get install -y chromium)')
    const r = cli(['run', '--replay', join(FIXTURE, 'lab-faults.observations.json'), '--report-dir', dir])
    expect(r.status, r.stderr).toBe(1)
    const out = chromium(join(dir, 'profile-dom'), '--dump-dom', `file://${join(dir, 'report.html')}`)
    expect(out.status, out.stderr).toBe(0)
    dom = out.stdout
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('it renders: the title carries the target score, and every finding is on the page', () => {
    expect(dom).toMatch(/<title>v6ready: lab: \d+% ready<\/title>/)
    expect(dom).toContain('What to fix: 29 findings')
  })

  test('a red cell exactly where each seeded fault is, and green elsewhere', () => {
    const expected = JSON.parse(readFileSync(join(FIXTURE, 'lab-faults.expected.json'), 'utf8')) as {
      check: string
      subject: string
    }[]
    expect(cells(dom, 'fail').sort()).toEqual([...new Set(expected.map(cellOf))].sort())
    expect(cells(dom, 'pass')).toEqual(expect.arrayContaining(['ctl hosts.reach', 'cmp hosts.addr', 'vm2 hosts.route']))
  })

  test('hosts by role, from the targets file the observations carry; subjects without a failure folded into a count', () => {
    const roles = [...dom.matchAll(/<th scope="rowgroup" colspan="\d+">([^<]*) <span class="count">([^<]*)<\/span>/g)]
    expect(roles.map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      'guest: 2 of 2 hosts failing',
      'compute: 1 of 1 host failing',
      'controller: 1 of 1 host failing',
    ])
    const folded =
      /<tr class="folded"><td colspan="\d+"><details><summary>✓ (\d+) subjects pass<\/summary><p>([^<]*)<\/p>/.exec(dom)
    expect(folded?.[2]?.split(', ')).toEqual(expect.arrayContaining(['keystone-public', '[2001:db8:0:1::53]:53']))
    expect(Number(folded?.[1])).toBe(folded?.[2]?.split(', ').length)
    expect(cells(dom, 'pass')).not.toContain('keystone-public underlay.endpoint')
  })

  test('with JavaScript off, each failing cell still opens on its findings (<details>, no script, a CSP that forbids one)', () => {
    expect(dom).not.toContain('<script')
    expect(dom).toContain(`content="default-src 'none'; style-src 'self'; img-src 'self'"`)
    expect(dom).toMatch(
      /<td class="fail"><details><summary>✗ 2<\/summary><ul><li class="fail"><code>underlay\.dns\.aaaa(-scope)?<\/code> <a href="#f\d+-\d+">db\.lab\.test<\/a>/,
    )
  })

  test('a screenshot of the page, kept in reports/ for the CI artifacts', () => {
    const png = join(dir, 'report.png')
    const r = chromium(
      join(dir, 'profile-shot'),
      '--window-size=1400,2200',
      `--screenshot=${png}`,
      `file://${join(dir, 'report.html')}`,
    )
    expect(r.status, r.stderr).toBe(0)
    expect(readFileSync(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(statSync(png).size).toBeGreaterThan(50_000)
    mkdirSync(join(ROOT, 'reports'), { recursive: true })
    copyFileSync(png, join(ROOT, 'reports', 'lab-report.png'))
  })
})

describe('report.html at 1,000 hosts', () => {
  test('a few hundred KB, not MB: passing hosts fold into a count', { timeout: 120_000 }, () => {
    const size = statSync(join(scaleReport(), 'report.html')).size
    expect(size).toBeLessThan(3_000_000)
    // Every host in its own row was 526 KB; folded, 157 KB. Room for the page to grow, not for rows again.
    expect(size).toBeLessThan(400_000)
  })

  test('every one of the 1,000 hosts failing four checks: still under 3 MB', { timeout: 120_000 }, () => {
    const r = scaleResults(1000, () => ({ raIgnored: true, v4Only: true }))
    const html = reportHtml(inReportOrder(r.records), { ...r.info, reportDir: SCALE_DIR })
    // 1.7 MB: a row per host, and 4,000 findings with their evidence in "What to fix".
    expect(html).toContain('scale <span class="count">1000 of 1000 hosts failing</span>')
    expect(Buffer.byteLength(html)).toBeLessThan(3_000_000)
  })
})

/** Jenkins' default for files it serves (hudson.model.DirectoryBrowserSupport.CSP). */
const JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';"

describe.skipIf(!CHROMIUM && !required)("report.html served under Jenkins' default Content-Security-Policy", () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-csp-'))
  // Serves the report directory from loopback with Jenkins' header on every file, as the HTML publisher does.
  const server = http.createServer((req, res) => {
    const file = join(dir, normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)))
    let body: Buffer
    try {
      body = readFileSync(file)
    } catch {
      res.writeHead(404, { 'content-security-policy': JENKINS_CSP }).end()
      return
    }
    res
      .writeHead(200, {
        'content-type': file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8',
        'content-security-policy': JENKINS_CSP,
      })
      .end(body)
  })
  let browser: Cdp | undefined
  let base = ''

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('V6READY_LAB=required, but chromium is not installed (apt-get install -y chromium)')
    const r = cli(['run', '--replay', join(FIXTURE, 'lab-faults.observations.json'), '--report-dir', dir])
    expect(r.status, r.stderr).toBe(1)
    mkdirSync(join(dir, 'scale'))
    for (const f of ['report.html', 'report.css']) copyFileSync(join(scaleReport(), f), join(dir, 'scale', f))
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = new Cdp()
    await browser.open(`${base}/report.html`)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the server sends the policy, and the page still has no script', async () => {
    const res = await fetch(`${base}/report.html`)
    expect(res.headers.get('content-security-policy')).toBe(JENKINS_CSP)
    expect(await res.text()).not.toContain('<script')
  })

  test('a failed cell is red: its computed background and text are red, from report.css', async () => {
    const s = await browser!.computedStyle('td.fail')
    const [r = 0, g = 0, b = 0] = rgb(s['background-color']) ?? []
    expect(rgb(s['background-color']), `background-color ${s['background-color']}`).toBeDefined()
    expect(r).toBeGreaterThan(g + 15)
    expect(r).toBeGreaterThan(b + 15)
    const [tr = 0, tg = 0, tb = 0] = rgb(s.color) ?? []
    expect(tr).toBeGreaterThan(2 * Math.max(tg, tb))
    expect(s['font-weight']).toBe('700')
  })

  test('a passed cell is green and the table has its borders', async () => {
    const s = await browser!.computedStyle('td.pass')
    const [r = 0, g = 0, b = 0] = rgb(s['background-color']) ?? []
    expect(g).toBeGreaterThan(r)
    expect(g).toBeGreaterThan(b)
    expect(s['border-top-style']).toBe('solid')
  })

  test("a role's heading and its folded count take their styles from report.css: set apart, green, read from the left", async () => {
    const fold = await browser!.computedStyle('tr.folded td')
    const [r = 0, g = 0, b = 0] = rgb(fold['background-color']) ?? []
    expect(g).toBeGreaterThan(r)
    expect(g).toBeGreaterThan(b)
    expect((await browser!.computedStyle('tr.folded summary'))['text-align']).toBe('left')
    expect((await browser!.computedStyle('tr.role th'))['font-weight']).toBe('700')
    expect(rgb((await browser!.computedStyle('tr.role th'))['background-color'])).toBeDefined()
  })
})
