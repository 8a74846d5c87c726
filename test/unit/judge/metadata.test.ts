// hosts.metadata.available on the real metadata captures (capture-metadata.sh), for every role setting.
import { describe, expect, test } from 'vitest'
import { metadataAvailable } from '../../../lib/judge/metadata.ts'
import type { HostFacts, MetadataFacts } from '../../../lib/observe/facts.ts'
import { parseMetadata } from '../../../lib/observe/parse/metadata.ts'
import type { MetadataSource } from '../../../lib/targets/schema.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import {
  METADATA_CASES,
  metadataSection,
  SECRETS,
  SECRETS_HEX,
  type MetadataCase,
} from '../observe/metadata-fixtures.ts'
import { host, rich, view } from './view.ts'

const SETTINGS: MetadataSource[] = ['ipv4', 'ipv6', 'config-drive', 'any']

const factsOf = (m: MetadataFacts): HostFacts => ({ ...rich, metadata: { ok: true, value: m } })
const judge = (c: MetadataCase | MetadataFacts, setting: MetadataSource): Verdict => {
  const m = typeof c === 'string' ? parseMetadata(metadataSection(c)) : c
  const vs = metadataAvailable(view(host({ name: 'vm', metadata: setting }), factsOf(m)))
  expect(vs).toHaveLength(1)
  return vs[0]!
}
const state = (v: Verdict) => (v.skip ? 'skip' : v.ok ? 'pass' : 'fail')

/** Which settings pass for each capture: the sources that work there, and `any` when one does. */
const EXPECTED: Record<MetadataCase, Record<MetadataSource, 'pass' | 'fail'>> = {
  guest: { ipv4: 'pass', ipv6: 'pass', 'config-drive': 'pass', any: 'pass' },
  'no-curl': { ipv4: 'fail', ipv6: 'fail', 'config-drive': 'pass', any: 'pass' },
  'no-route': { ipv4: 'fail', ipv6: 'pass', 'config-drive': 'fail', any: 'pass' },
  'no-ipv6': { ipv4: 'pass', ipv6: 'fail', 'config-drive': 'fail', any: 'pass' },
  'non-root': { ipv4: 'pass', ipv6: 'pass', 'config-drive': 'fail', any: 'pass' },
  // An unmounted drive labelled config-2 is how a booted guest normally shows it (cloud-init unmounts it).
  'http-errors.unmounted': { ipv4: 'fail', ipv6: 'fail', 'config-drive': 'pass', any: 'pass' },
  timeout: { ipv4: 'fail', ipv6: 'fail', 'config-drive': 'fail', any: 'fail' },
  refused: { ipv4: 'fail', ipv6: 'fail', 'config-drive': 'fail', any: 'fail' },
}

describe('hosts.metadata.available', () => {
  test.for(METADATA_CASES.flatMap((c) => SETTINGS.map((s) => [c, s] as const)))('%s with metadata: %s', ([c, s]) => {
    const v = judge(c, s)
    expect(state(v), `${v.observed} / ${v.remedy}`).toBe(EXPECTED[c][s])
    expect(v).toMatchObject({ check: 'hosts.metadata.available', subject: 'vm' })
    if (!v.ok) expect(v.remedy).toBeTruthy()
  })

  test('every source working: the finding names all three, with status, size and uuid', () => {
    const v = judge('guest', 'any')
    expect(v.expected).toBe(
      'meta_data.json (JSON with a uuid) from at least one of http://169.254.169.254, http://[fe80::a9fe:a9fe%25eth0], a config drive labelled config-2',
    )
    expect(v.observed).toMatch(
      /^ipv4: HTTP 200, 568 bytes, uuid 6f1c2d3e-0a1b-4c2d-9e8f-112233445566; ipv6: HTTP 200, 568 bytes, uuid 6f1c2d3e-\S+; config-drive: \/dev\/loop\d+ at \/tmp\/v6fx-md\.\w+\/mnt: 568 bytes, uuid 6f1c2d3e-\S+$/,
    )
    expect(v.where).toEqual({ host: 'vm', interface: 'eth0' })
  })

  test('all failing (refused): each source says what happened, and the remedy covers each', () => {
    const v = judge('refused', 'any')
    expect(v.observed).toBe(
      "ipv4: could not connect (curl exit 7: Failed to connect to 169.254.169.254 port 80 after 0 ms: Couldn't connect to server); " +
        "ipv6: could not connect (curl exit 7: Failed to connect to fe80::a9fe:a9fe port 80 after 0 ms: Couldn't connect to server); " +
        'config-drive: no device labelled config-2 (blkid exit 2)',
    )
    expect(v.remedy).toMatch(
      /^ipv4: serve 169\.254\.169\.254.*; ipv6: serve fe80::a9fe:a9fe.*; config-drive: boot the instance with a config drive/,
    )
  })

  test('all failing (timeout): timed out, after the hard bound', () => {
    const v = judge('timeout', 'any')
    expect(v.observed).toContain('ipv4: timed out (curl exit 28: Operation timed out after 300')
    expect(v.observed).toContain('ipv6: timed out (curl exit 28:')
  })

  test('wrong answers fail each fetch, and an unmounted drive labelled config-2 still counts, unverified', () => {
    const v = judge('http-errors.unmounted', 'ipv4')
    expect(v.observed).toMatch(/^ipv4: HTTP 404 \(335 bytes, text\/html;charset=utf-8\)/)
    expect(v.remedy).toContain('nova-api-metadata')
    const six = judge('http-errors.unmounted', 'ipv6')
    expect(six.observed).toContain(
      'ipv6: HTTP 200, but the body does not parse as JSON in the first 65536 of its 100086 bytes',
    )
    const drive = judge('http-errors.unmounted', 'config-drive')
    expect(drive.ok).toBe(true)
    expect(drive.observed).toMatch(
      /\/dev\/loop\d+ labelled config-2, not mounted \(cloud-init mounts it to read it; content not read\)/,
    )
  })

  test('the role allows only IPv6 and only IPv4 works: fails, and says IPv4 would have', () => {
    const v = judge('no-ipv6', 'ipv6')
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'ipv6: no IPv6 interface: no IPv6 default route and no link-local address (ipv4 works, but the role allows only ipv6)',
    )
    expect(v.expected).toBe('meta_data.json (JSON with a uuid) from http://[fe80::a9fe:a9fe%25<if>]')
    expect(v.remedy).toMatch(/^serve fe80::a9fe:a9fe/)
  })

  test('no route to 169.254.169.254 is named as such; curl missing points at curl; non-root points at root', () => {
    expect(judge('no-route', 'ipv4').observed).toContain(
      '(ip route get 169.254.169.254: RTNETLINK answers: Network is unreachable)',
    )
    const noCurl = judge('no-curl', 'ipv4')
    expect(noCurl.observed).toBe('ipv4: curl is not installed (config-drive works, but the role allows only ipv4)')
    expect(noCurl.remedy).toMatch(/^install curl/)
    const nonRoot = judge('non-root', 'config-drive')
    expect(nonRoot.observed).toBe(
      'config-drive: no device labelled config-2 (blkid exit 2, run as uid 65534: blkid needs root to read devices) (ipv4 and ipv6 work, but the role allows only config-drive)',
    )
    expect(nonRoot.remedy).toMatch(/^observe the guest as root/)
  })

  test('a body counts only as JSON with a uuid, and only with HTTP 200', () => {
    const m = parseMetadata(metadataSection('guest'))
    const noUuid: MetadataFacts = { ...m, ipv4: { ...m.ipv4, body: { read: 568, json: 'no-uuid' } } }
    expect(judge(noUuid, 'ipv4')).toMatchObject({
      ok: false,
      observed: expect.stringMatching(
        /^ipv4: HTTP 200, but the body is JSON without a uuid: not an OpenStack meta_data\.json \(/,
      ),
    })
    const notJson: MetadataFacts = { ...m, ipv6: { ...m.ipv6, body: { read: 568, json: 'invalid' } } }
    expect(judge(notJson, 'ipv6')).toMatchObject({
      ok: false,
      observed: expect.stringMatching(/^ipv6: HTTP 200, but the body \(568 bytes\) does not parse as JSON \(/),
    })
    const status500: MetadataFacts = { ...m, ipv4: { ...m.ipv4, http: 500 } }
    expect(judge(status500, 'ipv4').ok).toBe(false)
    const drive = m.configDrive.devices[0]!
    const emptyDrive: MetadataFacts = {
      ...m,
      configDrive: {
        ...m.configDrive,
        devices: [
          {
            ...drive,
            mounts: drive.mounts.map((x) => ({
              ...x,
              file: { ok: false, error: 'cat: x: No such file or directory' },
            })),
          },
        ],
      },
    }
    expect(judge(emptyDrive, 'config-drive')).toMatchObject({
      ok: false,
      observed: expect.stringContaining('meta_data.json not readable (cat: x: No such file or directory)'),
    })
  })

  test.for(METADATA_CASES)('%s: no secret from meta_data.json reaches any verdict', (c) => {
    const all = JSON.stringify(SETTINGS.map((s) => judge(c, s)))
    for (const s of [...SECRETS, ...SECRETS_HEX]) expect(all).not.toContain(s)
  })

  test('only hosts with a metadata expectation are judged; a missing section is a skip with the reason', () => {
    expect(metadataAvailable(view(host({ name: 'vm' }), factsOf(parseMetadata(metadataSection('guest')))))).toEqual([])
    const [v] = metadataAvailable(view(host({ name: 'vm', metadata: 'any' }), rich)) // rich has no metadata section
    expect(v?.skip).toBe(
      'could not observe metadata: section metadata: missing from the output (the observation was cut short?)',
    )
  })
})
