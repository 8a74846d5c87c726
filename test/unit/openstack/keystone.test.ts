import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cloudsYamlCandidates, loadCloud } from '../../../lib/openstack/clouds.ts'
import { authBody, errorMessage, parseCatalog, tokensUrl } from '../../../lib/openstack/keystone-token.ts'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/openstack/${name}`, import.meta.url), 'utf8')

describe('keystone v3', () => {
  test('the catalog of a real token (the lab keystone, bootstrapped with bracketed URLs)', () => {
    const catalog = parseCatalog(JSON.parse(fixture('keystone-token.lab.json')))
    expect(catalog).toEqual(
      ['public', 'internal', 'admin'].map((i) => ({
        service: 'identity',
        name: 'keystone',
        interface: i,
        region: 'RegionOne',
        url: 'http://[2001:db8:0:1::11]:5000/v3',
      })),
    )
    expect(parseCatalog(JSON.parse(fixture('keystone-token.lab.json')), 'RegionTwo')).toEqual([])
  })

  test("keystone's own 401 in one line, and a proxy's HTML page cut short", () => {
    expect(errorMessage(401, fixture('keystone-401.lab.json'))).toBe(
      '401 Unauthorized: The request you have made requires authentication.',
    )
    expect(errorMessage(502, '<html>\n<body>Bad Gateway</body></html>')).toBe(
      '502: <html> <body>Bad Gateway</body></html>',
    )
  })

  test('auth_url with or without /v3, and a project-scoped password body', () => {
    expect(tokensUrl('https://[2001:db8::15]:5000')).toBe('https://[2001:db8::15]:5000/v3/auth/tokens')
    expect(tokensUrl('https://[2001:db8::15]:5000/v3/')).toBe('https://[2001:db8::15]:5000/v3/auth/tokens')
    const body = authBody({
      authUrl: '',
      username: 'admin',
      password: 'pw',
      project: 'admin',
      userDomain: 'Default',
      projectDomain: 'Default',
    })
    expect(body).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'pw' } },
        },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    })
  })
})

describe('clouds.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-clouds-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test("looked up in openstacksdk's order", () => {
    expect(cloudsYamlCandidates({ OS_CLIENT_CONFIG_FILE: '/x/c.yaml' }, '/work', '/home/u')).toEqual([
      '/x/c.yaml',
      '/work/clouds.yaml',
      '/home/u/.config/openstack/clouds.yaml',
      '/etc/openstack/clouds.yaml',
    ])
  })

  test('the first file that has the cloud wins, and secure.yaml beside it supplies the password', () => {
    const a = join(dir, 'a')
    const b = join(dir, 'b')
    mkdirSync(a)
    mkdirSync(b)
    writeFileSync(join(a, 'clouds.yaml'), 'clouds:\n  other: { auth: { auth_url: "http://x" } }\n')
    writeFileSync(
      join(b, 'clouds.yaml'),
      'clouds:\n  lab1:\n    region_name: RegionOne\n    cacert: /etc/ssl/lab1.pem\n    auth:\n      auth_url: "https://[2001:db8::15]:5000/v3"\n      username: admin\n      project_name: admin\n      user_domain_name: Default\n',
    )
    writeFileSync(join(b, 'secure.yaml'), 'clouds:\n  lab1:\n    auth:\n      password: from-secure\n')
    const c = loadCloud('lab1', [join(a, 'clouds.yaml'), join(dir, 'none.yaml'), join(b, 'clouds.yaml')])
    expect(c).toEqual({
      credentials: {
        authUrl: 'https://[2001:db8::15]:5000/v3',
        username: 'admin',
        password: 'from-secure',
        project: 'admin',
        userDomain: 'Default',
        projectDomain: 'Default',
        region: 'RegionOne',
      },
      cacert: '/etc/ssl/lab1.pem',
      source: join(b, 'clouds.yaml'),
    })
  })

  test('a missing cloud or key is named', () => {
    expect(() => loadCloud('nope', [join(dir, 'b', 'clouds.yaml')])).toThrow(
      /cloud "nope" not found in .*b\/clouds\.yaml/,
    )
    // Inherited names are no clouds: a lookup by own key only.
    for (const name of ['constructor', 'toString', '__proto__'])
      expect(() => loadCloud(name, [join(dir, 'b', 'clouds.yaml')])).toThrow(new RegExp(`cloud "${name}" not found`))
    writeFileSync(join(dir, 'c.yaml'), 'clouds:\n  x: { auth: { auth_url: "http://h", username: u, password: p } }\n')
    expect(() => loadCloud('x', [join(dir, 'c.yaml')])).toThrow(/clouds\.x\.auth\.project_name is missing/)
  })
})
