// The metadata section, on real captures (capture-metadata.sh): a guest namespace, a metadata server
// on 169.254.169.254 and fe80::a9fe:a9fe, a config-2 ISO mounted with fuseiso.
import { execFileSync } from 'node:child_process'
import { describe, expect, test, vi } from 'vitest'
import type { MetadataFacts } from '../../../lib/observe/facts.ts'
import { METADATA_SCRIPT } from '../../../lib/observe/metadata-script.ts'
import { digestBody, digestMetadata, parseMetadata } from '../../../lib/observe/parse/metadata.ts'
import { observationScript } from '../../../lib/observe/script.ts'
import { fixture } from './fixtures.ts'
import { METADATA_CASES, metadataSection as section, SECRETS, SECRETS_HEX } from './metadata-fixtures.ts'

const md = (name: Parameters<typeof section>[0]): MetadataFacts => parseMetadata(section(name))

describe('the metadata part of the script', () => {
  test('is only there when asked for, and parses as POSIX sh (dash)', () => {
    expect(observationScript('n0nce')).not.toContain('@@v6ready:n0nce:metadata@@')
    const script = observationScript('n0nce', { metadata: true })
    expect(script).toContain("printf '\\n@@v6ready:n0nce:metadata@@\\n'")
    // -n: read, never run (running it here would fetch from 169.254.169.254 off this machine).
    execFileSync('dash', ['-n'], { input: script })
    execFileSync('dash', ['-n'], { input: METADATA_SCRIPT })
  })

  test('bounds every fetch and never mounts', () => {
    expect(METADATA_SCRIPT).toContain('--max-time 3 --connect-timeout 2')
    expect(METADATA_SCRIPT).toContain("--noproxy '*'") // an http_proxy in the guest's environment must not carry the request away
    expect(METADATA_SCRIPT).toContain('http://[fe80::a9fe:a9fe%25$md_if]/openstack/latest/meta_data.json')
    expect(METADATA_SCRIPT).not.toMatch(/\bmount\s+-|\bfuseiso\b|\blosetup\b/)
  })
})

describe('parseMetadata on real captures', () => {
  test('a guest where every source works', () => {
    const m = md('guest')
    expect(m).toMatchObject({ uid: 0, curl: '/usr/bin/curl', if6: 'eth0', if6From: 'default-route' })
    expect(m.route6).toMatch(/^default via fe80::\S+ dev eth0 proto ra/)
    const uuid = '6f1c2d3e-0a1b-4c2d-9e8f-112233445566'
    expect(m.ipv4).toMatchObject({
      url: 'http://169.254.169.254/openstack/latest/meta_data.json',
      exit: 0,
      http: 200,
      size: 568,
      contentType: 'application/json',
    })
    expect(m.ipv4.body).toEqual({ read: 568, json: 'valid', uuid })
    expect(m.ipv6).toMatchObject({
      url: 'http://[fe80::a9fe:a9fe%25eth0]/openstack/latest/meta_data.json',
      exit: 0,
      http: 200,
    })
    expect(m.ipv6.body?.uuid).toBe(uuid)
    expect(m.configDrive.blkid).toBe(0)
    expect(m.configDrive.devices).toHaveLength(1)
    const [mount] = m.configDrive.devices[0]!.mounts
    // fuseiso -o fsname=<dev>: /proc/mounts names the loop device as the source, type fuse.
    expect(mount).toMatchObject({ fstype: 'fuse', file: { ok: true, size: 568, body: { json: 'valid', uuid } } })
    expect(mount!.at).toMatch(/^\/tmp\/v6fx-md\.\w+\/mnt$/)
  })

  test('curl not installed: both fetches skipped with the reason, the config drive still read', () => {
    const m = md('no-curl')
    expect(m.curl).toBeUndefined()
    expect(m.ipv4).toEqual({
      url: 'http://169.254.169.254/openstack/latest/meta_data.json',
      skip: 'curl is not installed',
    })
    expect(m.ipv6.skip).toBe('curl is not installed')
    expect(m.configDrive.devices[0]?.mounts[0]?.file).toMatchObject({ ok: true, body: { json: 'valid' } })
  })

  test('not root: blkid finds nothing (it cannot open the devices), and uid says why', () => {
    const m = md('non-root')
    expect(m.uid).toBe(65534)
    expect(m.configDrive).toEqual({ blkid: 2, byLabel: [], devices: [] })
    expect(m.ipv4.body?.json).toBe('valid')
  })

  test('HTTP errors: a 404 page, a body cut at 64 KiB, a config drive that is not mounted', () => {
    const m = md('http-errors.unmounted')
    expect(m.ipv4).toMatchObject({
      exit: 0,
      http: 404,
      contentType: 'text/html;charset=utf-8',
      body: { json: 'invalid' },
    })
    expect(m.ipv6).toMatchObject({ exit: 0, http: 200, size: 100086, body: { read: 65536, json: 'invalid' } })
    expect(m.configDrive.devices).toEqual([{ device: expect.stringMatching(/^\/dev\/loop\d+$/), mounts: [] }])
  })

  test('a proxy that accepts and never answers: curl exit 28 after --max-time', () => {
    const m = md('timeout')
    for (const f of [m.ipv4, m.ipv6]) {
      expect(f).toMatchObject({ exit: 28, http: 0, size: 0 })
      expect(f.error).toMatch(/^curl: \(28\) Operation timed out after 30\d\d milliseconds/)
      expect(f.seconds).toBeGreaterThanOrEqual(3)
      expect(f.seconds).toBeLessThan(3.5)
      expect(f.body).toBeUndefined()
    }
    expect(m.configDrive).toEqual({ blkid: 2, byLabel: [], devices: [] })
  })

  test('nothing listening: curl exit 7 on both', () => {
    const m = md('refused')
    expect(m.ipv4).toMatchObject({ exit: 7, http: 0 })
    expect(m.ipv6.error).toBe(
      "curl: (7) Failed to connect to fe80::a9fe:a9fe port 80 after 0 ms: Couldn't connect to server",
    )
  })

  test('no IPv4 route and no IPv6 default route: IPv6 falls back to a link-local interface', () => {
    const m = md('no-route')
    expect(m.route4).toBe('RTNETLINK answers: Network is unreachable')
    expect(m.route6).toBe('')
    expect(m).toMatchObject({ if6: 'eth0', if6From: 'link-local' })
    expect(m.ipv4.exit).toBe(7)
    expect(m.ipv6.body?.json).toBe('valid')
  })

  test('no IPv6 at all: no URL to fetch, said so', () => {
    const m = md('no-ipv6')
    expect(m.if6).toBeUndefined()
    expect(m.if6From).toBe('none')
    expect(m.ipv6).toEqual({ url: '', skip: 'no IPv6 interface: no IPv6 default route and no link-local address' })
    expect(m.ipv4.body?.json).toBe('valid')
  })

  test('a section cut short, or text that is not the script, is an error, not "nothing found"', () => {
    const raw = section('refused')
    expect(() => parseMetadata(raw.slice(0, raw.indexOf('@@ipv4@@')))).toThrow(/no ipv4, ipv6 part/)
    expect(() => parseMetadata(`${raw}\nsh: 1: oops: not found`)).toThrow(
      /not the metadata script's output: "sh: 1: oops: not found"/,
    )
    expect(() => parseMetadata('@@env@@\n@@bogus@@')).toThrow(/unknown part/)
  })
})

describe('metadata bodies never get stored', () => {
  test.for(METADATA_CASES)('%s: the digest keeps status, sizes and the uuid, and no secret', (name) => {
    const raw = section(name)
    const digest = digestMetadata(raw)
    expect(digest).not.toMatch(/^body=/m)
    for (const s of [...SECRETS, ...SECRETS_HEX]) expect(digest).not.toContain(s)
    expect(digestMetadata(digest)).toBe(digest) // idempotent: replayed sections stay as they are
    expect(parseMetadata(digest)).toEqual(parseMetadata(raw))
    expect(JSON.stringify(parseMetadata(raw))).not.toMatch(new RegExp(SECRETS.join('|')))
  })

  test('the captures do hold the secrets (as hex), so the tests above prove something', () => {
    expect(section('guest')).toContain(Buffer.from('"admin_pass": "s3cret"').toString('hex'))
  })

  test('digestBody: JSON with a uuid, JSON without one, not JSON, a cut-off hex line', () => {
    const hex = (s: string) => Buffer.from(s).toString('hex')
    expect(digestBody(hex('{"uuid": "abc-1", "admin_pass": "s3cret"}'))).toEqual({
      read: 41,
      json: 'valid',
      uuid: 'abc-1',
    })
    expect(digestBody(hex('{"admin_pass": "s3cret"}'))).toEqual({ read: 24, json: 'no-uuid' })
    expect(digestBody(hex('[1, 2]'))).toEqual({ read: 6, json: 'no-uuid' })
    // A uuid that is not one could carry any text: it is not passed on.
    expect(digestBody(hex('{"uuid": "s3cret is here"}'))).toEqual({ read: 26, json: 'no-uuid' })
    expect(digestBody(hex('<html>'))).toEqual({ read: 6, json: 'invalid' })
    expect(digestBody('7b2')).toEqual({ read: 1, json: 'invalid' })
  })
})

// The stored observation itself: observeHost with a transport that answers with the real capture.
vi.mock('../../../lib/transport/local.ts', () => ({
  localTransport: () => ({
    label: 'fake',
    async exec(_command: string, opts: { stdin?: string }) {
      const nonce = /@@v6ready:([a-z0-9]+):/.exec(opts.stdin ?? '')?.[1] ?? ''
      const stdout = fixture('full.netns-md-guest.txt').replaceAll('@@v6ready:fixture1:', `@@v6ready:${nonce}:`)
      return { code: 0, stdout, stderr: '', truncated: false, timedOut: false, durationMs: 1 }
    },
    async close() {},
  }),
}))

describe('observeHost', () => {
  test('asks guests for the metadata section and stores it digested: "admin_pass": "s3cret" never reaches observations.json', async () => {
    const { observeHost } = await import('../../../lib/observe/host.ts')
    const { host } = await import('../judge/view.ts')
    const o = await observeHost(host({ transport: 'local', metadata: 'any' }))
    expect(o.ok).toBe(true)
    const stored = o.sections.metadata ?? ''
    expect(stored).toContain('json=valid 568 6f1c2d3e-0a1b-4c2d-9e8f-112233445566')
    const saved = JSON.stringify(o)
    for (const s of [...SECRETS, ...SECRETS_HEX]) expect(saved).not.toContain(s)
  })
})
