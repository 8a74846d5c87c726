// Hosts that fail in every way a lab's hosts fail, each in a full `v6ready run --suite hosts` beside
// healthy hosts: the run ends by itself within its configured timeouts, the faulty host's
// hosts.reach.ssh names it and the cause, every other host keeps its findings, and junit.xml is
// well-formed. Then values from the targets file that would run commands if pasted into a shell.
// Every sshd is the harness's, on ::1; the misbehaving ones are in hosts-sshd.ts.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULTS } from '../../lib/observe/host.ts'
import type { HostObservation, Observations } from '../../lib/observe/record.ts'
import type { TestRecord } from '../../lib/report/record.ts'
import { oneLine } from '../../lib/util/sanitize.ts'
import { junitCases, ROOT, type Case } from '../integration/cli/cli.ts'
import {
  descendants,
  fingerprint,
  makeLab,
  signalAll,
  startSshd,
  type Lab,
  type Sshd,
} from '../integration/ssh/harness.ts'
import { cliAsync, readReports, type CliRun } from './cli-async.ts'
import { fakeSs, fileAppears, killRecorded, misbehavingSshd } from './hosts-sshd.ts'

let lab: Lab
let healthy: Sshd
const sshds: Sshd[] = []

beforeAll(async () => {
  lab = await makeLab()
  healthy = await startSshd(lab, 'healthy')
  sshds.push(healthy)
})

afterAll(async () => {
  await Promise.all(sshds.map((s) => s.stop()))
  // Commands that outlived their session (sshd does not kill them when the channel closes).
  if (lab) killRecorded(join(lab.dir, 'pids'))
  lab?.cleanup()
})

// The remedies of lib/judge/reach.ts, each for how the host was lost.
const REMEDY_REFUSED =
  'check that sshd runs and listens on that address and port (ssh.port), and that no firewall rejects the connection'
const REMEDY_KEEPALIVE =
  'the host stopped answering during the observation: check its load and memory (the OOM killer in dmesg, swapping), whether it froze or rebooted, and that the network path to it holds; v6ready gives up after 3 keepalives ssh.keepalive seconds apart go unanswered, so raise ssh.keepalive for a slow path'
const REMEDY_CLOSED =
  "sshd or the host went away during the observation: check sshd's log and its ClientAliveInterval, ClientAliveCountMax and MaxSessions, the OOM killer (dmesg), whether the host rebooted, and that the network path to it holds"
const FIND_CUT =
  "the host's entry in observations.json holds the sections read before the cut, so the command after them is the one to run by hand on the host"
const REMEDY_HANG = `find what hangs: ${FIND_CUT}; if the host is only slow, raise ssh.command_timeout`
const REMEDY_FLOOD = `find what prints so much: ${FIND_CUT}`

/** `check detail` → case, for one host, with the host's name in the detail and message made `HOST`. */
function casesOf(all: Map<string, Case>, host: string): Map<string, Case> {
  const out = new Map<string, Case>()
  for (const [k, c] of all) {
    if (!k.startsWith(`v6ready.hosts.${host} `)) continue
    const name = k.slice(`v6ready.hosts.${host} `.length).replace(new RegExp(` ${host}$`), ' HOST')
    out.set(name, { state: c.state, ...(c.message ? { message: c.message.replaceAll(`${host}:`, 'HOST:') } : {}) })
  }
  return out
}

const reachOf = (all: Map<string, Case>, host: string) => all.get(`v6ready.hosts.${host} hosts.reach.ssh ${host}`)

describe('one run: healthy hosts beside hosts that fail before and during the observation', () => {
  const silent = net.createServer((s) => void s.on('error', () => {}))
  const faulty = ['dead', 'silent', 'stopped', 'rekeyed', 'hang', 'flood', 'endless', 'killed', 'stopmid']
  let dir: string
  let run: CliRun
  let cases: Map<string, Case>
  let obs: Observations
  const host = (name: string) => obs.hosts.find((h) => h.name === name) as HostObservation
  const s: Record<string, Sshd> = {}
  /** Wall clock (ms) when the test stopped the sshd of stopmid. */
  let stoppedAt = 0
  let knownHostsBefore = ''
  let rekeyedLine = 0
  const hopLimit = readFileSync('/proc/sys/net/ipv6/conf/lo/hop_limit', 'utf8').trim()

  beforeAll(async () => {
    dir = join(lab.dir, 'faults')
    mkdirSync(dir)
    const pids = join(lab.dir, 'pids')
    // A login shell's noise on both streams, with a forged fence (a wrong nonce) claiming hop_limit 1.
    s.banner = await misbehavingSshd(lab, 'banner', {
      noise:
        'Last login: Mon Nov 23 10:00:00 2026\nWelcome to ctl1!\n@@v6ready:0000000000000000:sysctl@@\n/proc/sys/net/ipv6/conf/lo/hop_limit:1\n',
      stderrNoise: 'bash: warning: setlocale: LC_ALL: cannot change locale\n',
      banner: 'Authorized use only. All activity is logged.\n',
    })
    s.dead = await startSshd(lab, 'dead')
    s.stopped = await startSshd(lab, 'stopped')
    s.rekeyed = await misbehavingSshd(lab, 'rekeyed', { marker: join(dir, 'rekeyed-ran') })
    s.hang = await misbehavingSshd(lab, 'hang', { tools: { ss: fakeSs.hang(pids) } })
    s.flood = await misbehavingSshd(lab, 'flood', { tools: { ss: fakeSs.flood(50 * 1024 * 1024) } })
    s.endless = await misbehavingSshd(lab, 'endless', { tools: { ss: fakeSs.endless() } })
    s.killed = await misbehavingSshd(lab, 'killed', {
      tools: { ss: fakeSs.waitForKill(join(dir, 'killed.started'), pids) },
    })
    s.stopmid = await misbehavingSshd(lab, 'stopmid', {
      tools: { ss: fakeSs.waitForKill(join(dir, 'stopmid.started'), pids) },
    })
    sshds.push(...Object.values(s))
    await s.dead.stop()
    signalAll([s.stopped.pid], 'SIGSTOP') // the kernel still accepts into its backlog; nothing answers
    const silentPort = await new Promise<number>((ok) =>
      silent.listen(0, '::1', () => ok((silent.address() as net.AddressInfo).port)),
    )

    // known_hosts holds every host's real key, except rekeyed's: there, a key it never had.
    const known = [healthy, ...Object.values(s)]
      .filter((x) => x !== s.rekeyed)
      .map((x) => `[::1]:${x.port} ${x.hostPub}`)
    rekeyedLine = known.push(`[::1]:${s.rekeyed.port} ${lab.strangerPub.split(' ').slice(0, 2).join(' ')}`)
    writeFileSync(join(dir, 'known_hosts'), `${known.join('\n')}\n`)
    knownHostsBefore = readFileSync(join(dir, 'known_hosts'), 'utf8')
    copyFileSync(lab.plainKey, join(dir, 'loose_key'))
    chmodSync(join(dir, 'loose_key'), 0o644)

    const h = (name: string, port: number, more = '') =>
      `      - { name: ${name}, address: "::1", ssh: { port: ${port}${more} } }`
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  faults:
    ssh: { user: root, identity: ${lab.plainKey}, known_hosts: ${join(dir, 'known_hosts')}, timeout: 2, keepalive: 1, command_timeout: 8 }
    sysctl: { net.ipv6.conf.lo.hop_limit: 1 }
    hosts:
${h('healthy', healthy.port)}
${h('banner', s.banner.port)}
${h('loose-key', healthy.port, `, identity: ${join(dir, 'loose_key')}`)}
${h('dead', s.dead.port)}
${h('silent', silentPort)}
${h('stopped', s.stopped.port)}
${h('rekeyed', s.rekeyed.port)}
${h('hang', s.hang.port, ', command_timeout: 3')}
${h('flood', s.flood.port)}
${h('endless', s.endless.port, ', command_timeout: 3')}
${h('killed', s.killed.port)}
${h('stopmid', s.stopmid.port)}
`,
    )
    const running = cliAsync(
      [
        'run',
        '--suite',
        'hosts',
        '--targets',
        join(dir, 'targets.yaml'),
        '--target',
        'faults',
        '--report-dir',
        join(dir, 'reports'),
      ],
      60_000,
    )
    try {
      // Both wait in their fake `ss`, mid-observation: one sshd dies, the other freezes.
      await fileAppears(join(dir, 'killed.started'), 15_000)
      signalAll([s.killed.pid, ...descendants(s.killed.pid)], 'SIGKILL')
      await fileAppears(join(dir, 'stopmid.started'), 15_000)
      stoppedAt = Date.now()
      signalAll([s.stopmid.pid, ...descendants(s.stopmid.pid)], 'SIGSTOP')
    } finally {
      run = await running // bounded by the run's own timeouts, and by cliAsync's limit
    }
    const reports = readReports(join(dir, 'reports')) // xmllint --noout first: well-formed or it throws
    cases = reports.cases
    obs = reports.observations
  }, 90_000)

  afterAll(() => void silent.close())

  test('the run ends by itself, exit 1, within the timeouts it was given', () => {
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(1)
    // No host waited for the target's command_timeout (8 s): each stopped at its own bound.
    expect(obs.durationMs).toBeLessThan(8000)
    console.log(
      `fault run: ${(run.ms / 1000).toFixed(1)} s wall, observation ${obs.durationMs} ms; ${obs.hosts.map((x) => `${x.name} ${x.durationMs} ms`).join(', ')}`,
    )
  })

  test('the healthy hosts are observed and judged alike, whatever the faulty ones did', () => {
    const ref = casesOf(cases, 'healthy')
    expect(ref.size).toBeGreaterThan(10)
    expect(reachOf(cases, 'healthy')?.state).toBe('passed')
    for (const name of ['banner', 'loose-key']) {
      expect(reachOf(cases, name)?.state).toBe('passed')
      expect(casesOf(cases, name)).toEqual(ref)
    }
    // A check that applies to the healthy host has a test on every faulty host too (skipped or judged).
    const checks = (m: Map<string, Case>) => new Set([...m.keys()].map((k) => k.split(' ')[0]))
    for (const name of faulty)
      expect([...checks(casesOf(cases, name))], name).toEqual(expect.arrayContaining([...checks(ref)]))
  })

  test('sshd killed before the run: connection refused, at once', () => {
    expect(reachOf(cases, 'dead')).toEqual({
      state: 'failed',
      message: `dead: expected observed through SSH to ::1, observed refused: ssh to dead (root@[::1]:${s.dead!.port}): connection refused. Fix: ${REMEDY_REFUSED}`,
    })
    expect(host('dead').durationMs).toBeLessThan(1500)
    expect(host('dead').lostIn).toBe('connect')
  })

  test('a port that accepts and never speaks SSH, and an sshd SIGSTOPped before the run: a handshake timeout at ssh.timeout (2 s)', () => {
    for (const name of ['silent', 'stopped']) {
      const c = reachOf(cases, name)
      expect(c?.state).toBe('failed')
      expect(c?.message).toMatch(
        new RegExp(
          `^${name}: expected observed through SSH to ::1, observed timeout: ssh to ${name} \\(root@\\[::1\\]:\\d+\\): Timed out while waiting for handshake\\. Fix: check that sshd answers on that port `,
        ),
      )
      expect(host(name).lostIn).toBe('connect')
      expect(host(name).durationMs).toBeGreaterThanOrEqual(1950)
      expect(host(name).durationMs).toBeLessThan(3500)
    }
  })

  test('an sshd SIGSTOPped during the observation: the keepalive (3 × ssh.keepalive 1 s) gives the host up', () => {
    const c = reachOf(cases, 'stopmid')
    expect(c).toEqual({
      state: 'failed',
      message: `stopmid: expected observed through SSH to ::1, observed timeout: ssh to stopmid (root@[::1]:${s.stopmid!.port}): no answer to 3 keepalives 1000 ms apart, connection presumed dead. Fix: ${REMEDY_KEEPALIVE}`,
    })
    const o = host('stopmid')
    expect(o.lostIn).toBe('observe')
    const gaveUp = Date.parse(o.startedAt) + o.durationMs - stoppedAt
    console.log(`keepalive gave stopmid up ${gaveUp} ms after its sshd was stopped`)
    expect(gaveUp).toBeGreaterThanOrEqual(2000)
    expect(gaveUp).toBeLessThan(5500)
  })

  test('an sshd killed during the observation: the connection closed while a command was running', () => {
    expect(reachOf(cases, 'killed')).toEqual({
      state: 'failed',
      message: `killed: expected observed through SSH to ::1, observed closed: ssh to killed (root@[::1]:${s.killed!.port}): connection closed while a command was running (sshd or the host went away). Fix: ${REMEDY_CLOSED}`,
    })
    expect(host('killed').lostIn).toBe('observe')
  })

  test('a host key that changed: refused and reported with both fingerprints, never accepted nor learned', async () => {
    const expected = await fingerprint(lab.strangerPubFile)
    const offered = await fingerprint(s.rekeyed!.hostPubFile)
    expect(reachOf(cases, 'rekeyed')).toEqual({
      state: 'failed',
      message:
        `rekeyed: expected observed through SSH to ::1, observed hostkey-mismatch: ssh to rekeyed (root@[::1]:${s.rekeyed!.port}): HOST KEY MISMATCH: ` +
        `known_hosts expects ${expected} (ssh-ed25519, ${join(dir, 'known_hosts')}:${rekeyedLine}) but the host offered ${offered} (ssh-ed25519). ` +
        'Fix: verify the new host key out of band, then update known_hosts; never accept it blindly',
    })
    expect(existsSync(join(dir, 'rekeyed-ran')), 'a session started on the host with the wrong key').toBe(false)
    expect(readFileSync(join(dir, 'known_hosts'), 'utf8')).toBe(knownHostsBefore)
  })

  test('every host that was not observed has its other checks skipped with its cause', () => {
    for (const name of ['dead', 'silent', 'stopped', 'rekeyed', 'killed', 'stopmid']) {
      const others = [...cases].filter(
        ([k]) => k.startsWith(`v6ready.hosts.${name} `) && !k.includes(' hosts.reach.ssh '),
      )
      expect(others.length).toBeGreaterThan(10)
      for (const [k, c] of others)
        expect(c, k).toEqual({ state: 'skipped', message: `${name} was not observed: ${host(name).error}` })
    }
  })

  /** A host cut short: each check is judged as healthy's is, or skipped because its section is missing. */
  function cutShort(name: string): void {
    const ref = casesOf(cases, 'healthy')
    let judged = 0
    for (const [k, c] of casesOf(cases, name)) {
      if (k.startsWith('hosts.reach.ssh ')) continue
      if (
        c.state === 'skipped' &&
        /section (ss|resolv|gai|named-sysctl|firewall): missing from the output/.test(c.message ?? '')
      )
        continue
      expect(c, `${name} ${k}`).toEqual(ref.get(k))
      judged++
    }
    expect(judged, `${name}: checks judged on the sections before the cut`).toBeGreaterThan(0)
    // The cut section itself is dropped: neither judged as the host's listeners nor stored.
    expect(Object.keys(host(name).sections)).toEqual(['id', 'ip-addr', 'ip-route', 'sysctl'])
  }

  test('a command that hangs: stopped at ssh.command_timeout (3 s); what came before it is judged, the rest skipped', () => {
    expect(reachOf(cases, 'hang')).toEqual({
      state: 'failed',
      message: `hang: expected observed through SSH to ::1, observed the observation did not finish within ssh.command_timeout (3 s). Fix: ${REMEDY_HANG}`,
    })
    expect(host('hang')).toMatchObject({
      ok: true,
      complete: false,
      truncated: false,
      timedOut: true,
      limits: { timeoutMs: 3000, maxBytes: DEFAULTS.maxBytes },
    })
    expect(host('hang').durationMs).toBeGreaterThanOrEqual(3000)
    expect(host('hang').durationMs).toBeLessThan(5000)
    cutShort('hang')
  })

  test('a command that prints 50 MB: cut at the 16 MiB bound and reported as truncated; nothing of the flood is stored', () => {
    expect(DEFAULTS.maxBytes).toBe(16 * 1024 * 1024)
    // flood's `ss` ends by itself; endless's runs on until ssh.command_timeout stops it.
    const bound = {
      flood: 'the observation output was cut at its 16 MiB size bound',
      endless:
        'the observation output was cut at its 16 MiB size bound, and it did not finish within ssh.command_timeout (3 s)',
    }
    for (const name of ['flood', 'endless'] as const) {
      expect(reachOf(cases, name)).toEqual({
        state: 'failed',
        message: `${name}: expected observed through SSH to ::1, observed ${bound[name]}. Fix: ${REMEDY_FLOOD}`,
      })
      expect(host(name)).toMatchObject({ ok: true, complete: false, truncated: true })
      cutShort(name)
    }
    expect(host('flood').timedOut).toBeUndefined()
    expect(host('endless').timedOut).toBe(true)
    expect(JSON.stringify(host('flood')).length).toBeLessThan(1024 * 1024)
  })

  test('a command that never stops printing: kept to 16 MiB, stopped at ssh.command_timeout (3 s), reported as truncated', () => {
    // The SSH transport reads on past the bound (dropping the bytes) until the command ends.
    expect(host('endless').durationMs).toBeGreaterThanOrEqual(3000)
    expect(host('endless').durationMs).toBeLessThan(5000)
  })

  test('a login banner and rc output, even a forged fence, do not pass for facts', () => {
    // The forged fence said hop_limit 1 (what the targets file expects): the real value is judged.
    expect(cases.get('v6ready.hosts.banner hosts.sysctl.expected net.ipv6.conf.lo.hop_limit')).toEqual({
      state: 'failed',
      message: `banner:net.ipv6.conf.lo.hop_limit: expected net.ipv6.conf.lo.hop_limit = 1, observed net.ipv6.conf.lo.hop_limit = ${hopLimit}. Fix: sysctl -w net/ipv6/conf/lo/hop_limit=1 and persist it in /etc/sysctl.d/`,
    })
    const b = host('banner')
    expect(b.complete).toBe(true)
    expect(b.noise).toBe(
      'Last login: Mon Nov 23 10:00:00 2026\nWelcome to ctl1!\n@@v6ready:0000000000000000:sysctl@@\n/proc/sys/net/ipv6/conf/lo/hop_limit:1',
    )
    expect(b.stderr).toContain('setlocale')
  })

  test('a private key that others can read: one warning naming the file and its mode, kept with the host and in its verdict, and never a byte of the key', () => {
    const loose = join(dir, 'loose_key')
    const text = `identity ${loose} has mode 0644: its group or others can read the private key, and ssh would refuse it (chmod 600 ${loose})`
    expect(run.stderr.split('\n').filter((l) => l.startsWith('v6ready: warning:'))).toEqual([
      `v6ready: warning: ${text}`,
    ])
    // Kept with the host it concerns (observations.json), and in its hosts.reach.ssh verdict, which still passes.
    expect(host('loose-key').warnings).toEqual([text])
    for (const name of ['healthy', 'banner']) expect(host(name).warnings).toBeUndefined()
    const results = JSON.parse(readFileSync(join(dir, 'reports', 'results.json'), 'utf8')) as { records: TestRecord[] }
    const verdict = results.records.find((r) => r.check === 'hosts.reach.ssh' && r.group === 'loose-key')?.verdict
    expect(verdict).toMatchObject({ ok: true, evidence: `warning: ${text}` })
    expect(verdict?.observed).toMatch(
      new RegExp(`^observed in \\d+ ms, with a warning: identity ${loose} has mode 0644`),
    )
    const key = readFileSync(loose, 'utf8')
    const body = key.split('\n').filter((l) => l && !l.startsWith('-----'))
    const outputs = [
      run.stdout,
      run.stderr,
      ...readdirSync(join(dir, 'reports')).map((f) => readFileSync(join(dir, 'reports', f), 'utf8')),
    ]
    for (const out of outputs) for (const line of body) expect(out).not.toContain(line)
  })
})

describe('values from the targets file never run on a host', () => {
  /** Everywhere a relative `pwned` would land (the CLI's cwd, the SSH session's home) and the payloads' own directory. */
  const places = () => [join(ROOT, 'pwned'), '/root/pwned', '/pwned', '/tmp/pwned', join(lab.dir, 'inject', 'pwned')]
  const nothingRan = () => {
    for (const p of places()) expect(existsSync(p), p).toBe(false)
  }

  beforeAll(() => {
    mkdirSync(join(lab.dir, 'inject'))
    // A leftover from elsewhere would make the proof worthless: say so rather than pass.
    nothingRan()
  })

  const refused = (name: string, yaml: string, error: string) =>
    test(`${name}: exit 2 naming file:line:col and the path, before anything is observed`, async () => {
      const file = join(lab.dir, 'inject', `${name.replace(/\W+/g, '-')}.yaml`)
      writeFileSync(
        file,
        `targets:\n  inj:\n    ssh: { user: root, identity: ${lab.plainKey}, known_hosts: ${healthy.knownHosts} }\n    hosts:\n      - name: h\n        address: "::1"\n        ssh: { port: ${healthy.port} }\n${yaml}`,
      )
      const r = await cliAsync(
        [
          'run',
          '--suite',
          'hosts',
          '--targets',
          file,
          '--target',
          'inj',
          '--report-dir',
          join(lab.dir, 'inject', 'reports-refused'),
        ],
        30_000,
      )
      expect(r.status).toBe(2)
      expect(r.stderr.trim()).toBe(`${file}:9:11: ${error}`)
      expect(existsSync(join(lab.dir, 'inject', 'reports-refused')), 'nothing was observed').toBe(false)
      nothingRan()
    })

  const IFACE_ERROR =
    'invalid interface name: the kernel takes 1 to 15 bytes without "/", ":" or spaces, and not "." or ".."'
  const SYSCTL_ERROR =
    'invalid sysctl name: want "net.ipv6.conf.eth0.accept_ra" or "net/ipv6/conf/eth0.100/accept_ra", with only letters, digits, "_", "-", "." and "/"'
  refused(
    'an interface named "eth0;touch pwned"',
    '        interfaces:\n          "eth0;touch pwned": { ipv6: required }\n',
    `targets.inj.hosts[0].interfaces["eth0;touch pwned"]: ${IFACE_ERROR}`,
  )
  refused(
    'a sysctl name with shell metacharacters',
    '        sysctl:\n          "net.ipv4.conf.$(touch pwned).forwarding": 1\n',
    `targets.inj.hosts[0].sysctl["net.ipv4.conf.$(touch pwned).forwarding"]: ${SYSCTL_ERROR}`,
  )
  // Once accepted by the schema and refused by the observation script: the host then failed as not observed.
  refused(
    'a sysctl name with "+", which the observation script refuses',
    '        sysctl:\n          "net.ipv4.conf.a+b.forwarding": 1\n',
    `targets.inj.hosts[0].sysctl["net.ipv4.conf.a+b.forwarding"]: ${SYSCTL_ERROR}`,
  )
  // Once accepted by the schema, though the kernel refuses ':' in a device name (dev_valid_name).
  refused(
    'an interface named "eth0:1", which the kernel refuses',
    '        interfaces:\n          "eth0:1": { ipv6: required }\n',
    `targets.inj.hosts[0].interfaces["eth0:1"]: ${IFACE_ERROR}`,
  )

  test('interface names and config paths full of shell metacharacters that the schema accepts are carried as data: files read byte for byte, nothing run', async () => {
    const d = join(lab.dir, 'inject')
    // Each path is a real file whose name would run `touch` if pasted into sh, quoted or not; a
    // relative `pwned` lands in the session's home (/root) or the CLI's cwd, both watched.
    const paths = [
      `${d}/a';touch pwned;'.conf`,
      `${d}/b$(touch pwned).conf`,
      `${d}/c\`touch pwned\`;touch pwned.conf`,
      `${d}/d"$(>pwned)"\n;>pwned.conf`,
    ]
    paths.forEach((p, i) => writeFileSync(p, `[DEFAULT]\n# file ${i}\nbind_host = 0.0.0.0\n`))
    const absent = `${d}/e';touch pwned;'.absent`
    const ifaces = ['x;>pwned', '$(>pwned)', '`>pwned`', "x'>pwned"]
    const file = join(d, 'accepted.yaml')
    writeFileSync(
      file,
      `targets:
  inj:
    ssh: { user: root, identity: ${lab.plainKey}, known_hosts: ${healthy.knownHosts} }
    hosts:
      - name: h
        address: "::1"
        ssh: { port: ${healthy.port} }
        interfaces: { ${ifaces.map((i) => `${JSON.stringify(i)}: { ipv6: required }`).join(', ')} }
        configs: [${[...paths, absent].map((p) => `{ path: ${JSON.stringify(p)}, format: ini }`).join(', ')}]
`,
    )
    const r = await cliAsync(
      ['run', '--suite', 'hosts', '--targets', file, '--target', 'inj', '--report-dir', join(d, 'reports')],
      60_000,
    )
    expect(r.status, r.stderr).toBe(1)
    const c = junitCases(join(d, 'reports', 'junit.xml'))
    expect(reachOf(c, 'h')?.state).toBe('passed')
    nothingRan()
    // Each file was read at its exact path: its line 3 is quoted back. (A JUnit name is one line.)
    paths.forEach((p) => {
      const v = c.get(`v6ready.hosts.h hosts.config.bind-any ${oneLine(p)}`)
      expect(v?.state, p).toBe('failed')
      expect(v?.message).toContain('line 3 `bind_host = 0.0.0.0`')
    })
    expect(c.get(`v6ready.hosts.h hosts.config.bind-any ${absent}`)?.message).toContain(
      `observed ${absent} does not exist`,
    )
    // The interface names are judged as names the host does not have.
    for (const i of ifaces)
      expect(c.get(`v6ready.hosts.h hosts.addr.required ${i}`)?.message).toBe(
        `h:${i}: expected a usable global IPv6 address, observed no interface ${i}. Fix: check the interface name in the targets file, or create ${i}`,
      )
  })
})
