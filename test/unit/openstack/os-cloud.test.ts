// $OS_CLOUD: when the targets file names no cloud and gives no inline credentials, the clouds.yaml entry
// OS_CLOUD names is used, as openstacksdk does; inline credentials and `cloud:` always win over it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { credentialChoice } from '../../../lib/openstack/cloud-choice.ts'
import { credentialsOf } from '../../../lib/openstack/credentials.ts'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6r-oscloud-'))
const clouds = join(dir, 'clouds.yaml')
writeFileSync(
  clouds,
  `clouds:
  lab:
    auth: { auth_url: "https://[2001:db8::15]:5000/v3", username: u1, password: p1, project_name: demo }
  prod:
    auth: { auth_url: "https://[2001:db8:1::15]:5000/v3", username: u2, password: p2, project_name: ops }
    region_name: R2
`,
)
const saved = { OS_CLOUD: process.env.OS_CLOUD, OS_CLIENT_CONFIG_FILE: process.env.OS_CLIENT_CONFIG_FILE }
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const target = (openstack: string) =>
  resolveTarget(loadTargetsText(`targets:\n  t:\n    openstack: ${openstack}\n`, 'targets.yaml', { env: {} }), 't')

describe('which credentials', () => {
  const inline = { auth_url: 'https://[2001:db8::15]:5000/v3', username: 'u', password: 'p', project: 'x' }
  test('cloud: from the targets file; inline credentials; else OS_CLOUD; else none, saying the three ways', () => {
    expect(credentialChoice({ cloud: 'lab' }, { OS_CLOUD: 'prod' })).toEqual({
      kind: 'cloud',
      name: 'lab',
      from: 'cloud',
    })
    expect(credentialChoice(inline, { OS_CLOUD: 'prod' })).toEqual({ kind: 'inline' })
    expect(credentialChoice({ region: 'R' }, { OS_CLOUD: 'prod' })).toEqual({
      kind: 'cloud',
      name: 'prod',
      from: 'OS_CLOUD',
    })
    expect(credentialChoice({}, {})).toMatchObject({
      kind: 'none',
      message: expect.stringContaining('export OS_CLOUD'),
    })
  })
})

describe('OS_CLOUD selects the clouds.yaml entry (OS_CLIENT_CONFIG_FILE points at it)', () => {
  test('the entry OS_CLOUD names: its credentials and region', () => {
    process.env.OS_CLIENT_CONFIG_FILE = clouds
    process.env.OS_CLOUD = 'prod'
    expect(credentialsOf(target('{ catalog: { interfaces: [public] } }'))?.credentials).toEqual({
      authUrl: 'https://[2001:db8:1::15]:5000/v3',
      username: 'u2',
      password: 'p2',
      project: 'ops',
      userDomain: 'Default',
      projectDomain: 'Default',
      region: 'R2',
    })
  })

  test('cloud: in the targets file wins over OS_CLOUD', () => {
    process.env.OS_CLIENT_CONFIG_FILE = clouds
    process.env.OS_CLOUD = 'prod'
    expect(credentialsOf(target('{ cloud: lab }'))?.credentials.username).toBe('u1')
  })

  test('an OS_CLOUD that clouds.yaml does not have is a config error naming OS_CLOUD', () => {
    process.env.OS_CLIENT_CONFIG_FILE = clouds
    process.env.OS_CLOUD = 'nope'
    expect(() => credentialsOf(target('{ region: R }'))).toThrow(TargetsError)
    expect(() => credentialsOf(target('{ region: R }'))).toThrow(
      /^targets\.yaml: targets\.t\.openstack: OS_CLOUD=nope \(openstack\.cloud is not set\): cloud "nope" not found in .*clouds\.yaml/,
    )
  })

  test('neither cloud, inline credentials nor OS_CLOUD: a config error that names the three ways', () => {
    delete process.env.OS_CLOUD
    expect(() => credentialsOf(target('{ region: R }'))).toThrow(
      'targets.yaml: targets.t.openstack: no OpenStack credentials: set openstack.cloud (a clouds.yaml entry), give auth_url, username, password and project inline, or export OS_CLOUD',
    )
  })
})
