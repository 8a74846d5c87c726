// Config secrets are masked before anything is stored, and nothing the judges need goes with them.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { isSecretKey } from '../../../lib/secrets/keys.ts'
import { redactSection, redactText } from '../../../lib/secrets/redact-text.ts'
import { leakOf, SECRET_KEYS, SHAPES } from '../../../lab/secret-shapes.ts'
import { planted } from './shapes.ts'

describe('redactText', () => {
  test.for([
    // oslo.messaging: every host of the list has its own userinfo; hosts and ports stay.
    [
      'transport_url = rabbit://openstack:Rb1@2001:db8:0:1::11:5672,nova:Rb2@[2001:db8::12]:5672/',
      'transport_url = rabbit://openstack:***@2001:db8:0:1::11:5672,nova:***@[2001:db8::12]:5672/',
    ],
    [
      'connection = mysql+pymysql://nova:Db1@[2001:db8::11]/nova?charset=utf8',
      'connection = mysql+pymysql://nova:***@[2001:db8::11]/nova?charset=utf8',
    ],
    ['auth = https://tok3n@git.example.net/x', 'auth = https://***@git.example.net/x'],
    [
      'url = redis://:Rd1@[2001:db8::20]:6379/0?password=Rd2&db=0',
      'url = redis://:***@[2001:db8::20]:6379/0?password=***&db=0',
    ],
    ['password = Ks1', 'password = "***"'],
    ['admin_password=Ks2', 'admin_password="***"'],
    ['metadata_proxy_shared_secret = Meta1', 'metadata_proxy_shared_secret = "***"'],
    ['memcache_secret_key = Mc1', 'memcache_secret_key = "***"'],
    ['admin_token = Tk1', 'admin_token = "***"'],
    ['rabbit_pass: Rb3', 'rabbit_pass: "***"'],
    ['  adminPassword: "Pw 1"', '  adminPassword: "***"'],
    ['"password": 1234,', '"password": "***",'],
    ['requirepass Rd3', 'requirepass "***"'],
    ['\tstats auth admin:Hap1', '\tstats auth admin:***'],
    ['\tuser bob insecure-password Hap2', '\tuser bob insecure-password ***'],
    ['\tproxy_set_header Authorization "Basic dXNlcjpwYXNz";', '\tproxy_set_header Authorization "Basic ***";'],
    [
      'key: "-----BEGIN RSA PRIVATE KEY-----MIIab-----END RSA PRIVATE KEY-----"',
      'key: "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----"',
    ],
  ] as const)('%s', ([raw, redacted]) => expect(redactText(raw)).toBe(redacted))

  test.for([
    'token_cache_time = 300',
    'auth_url = http://[2001:db8::11]:5000',
    '\tproxy_pass http://[2001:db8::11]:5000;',
    'fastcgi_pass [::1]:9000;',
    'auth_type = password',
    'secret_file = /etc/ceph/client.key',
    'memcached_servers = [2001:db8::11]:11211',
    'iscsi_ip_address = 2001:db8:0:1::11:3260',
    '# the password is rotated monthly',
  ])('%s is left alone', (line) => expect(redactText(line)).toBe(line))

  test('continuations, YAML blocks and PEM bodies are masked, with the same number of lines', () => {
    const text = [
      '[keystone_authtoken]',
      'password = two words',
      '    continued here',
      'username = nova',
      'private_key: |',
      '  -----BEGIN PRIVATE KEY-----',
      '  MIIEvQIBADANBgkq',
      '  -----END PRIVATE KEY-----',
      'address: 2001:db8::11',
      '-----BEGIN EC PRIVATE KEY-----',
      'MHcCAQEEIB',
      '-----END EC PRIVATE KEY-----',
    ].join('\n')
    const out = redactText(text)
    expect(out.split('\n')).toHaveLength(12)
    expect(out).not.toMatch(/two words|continued|MIIEvQ|MHcCAQ/)
    expect(out).toContain('username = nova')
    expect(out).toContain('address: 2001:db8::11')
  })

  test('JSON and YAML still parse after redaction, with the secrets gone and the rest intact', () => {
    const json =
      '{\n  "ipv6": true,\n  "fixed-cidr-v6": "2001:db8:1::/64",\n  "registry-password": "Dk1",\n  "secrets": {\n    "db": "Dk2",\n    "n": 5\n  },\n  "tokens": ["Dk3", "Dk4"]\n}'
    const j = JSON.parse(redactText(json))
    expect(j).toMatchObject({
      ipv6: true,
      'fixed-cidr-v6': '2001:db8:1::/64',
      'registry-password': '***',
      secrets: { db: '***' },
    })
    expect(JSON.stringify(j)).not.toMatch(/Dk\d/)
    const yaml =
      'director:\n  admin_password: Bo1\n  tokens:\n    - Bo2\n    - Bo3\n  address: 2001:0db8:0000:0000:0000:0000:0000:0011\n'
    const y = parseYaml(redactText(yaml))
    expect(y).toEqual({
      director: { admin_password: '***', tokens: ['***', '***'], address: '2001:0db8:0000:0000:0000:0000:0000:0011' },
    })
  })

  test('a key names a secret by its words, not by a place or a duration', () => {
    for (const k of [
      'password',
      'rabbit_password',
      'db_pass',
      'adminPassword',
      'psk',
      'api_key',
      'fernet_keys',
      'auth_token',
      'client_secret',
    ])
      expect(isSecretKey(k), k).toBe(true)
    for (const k of [
      'proxy_pass',
      'uwsgi_pass',
      'token_cache_time',
      'secret_file',
      'auth_url',
      'passthrough',
      'bypass',
      'keystone_host',
    ])
      expect(isSecretKey(k), k).toBe(false)
  })
})

describe('redactSection', () => {
  test('fences stay, and one file cannot carry its masking into the next', () => {
    const section = [
      '@@v6ready:n:config:0:ok:20:2f61@@',
      'password = Pw1',
      '@@v6ready:n:config:1:ok:20:2f62@@',
      '  listen = [::]:80',
      '@@v6ready:n:config:end@@',
    ].join('\n')
    expect(redactSection(section)).toBe(section.replace('Pw1', '"***"'))
  })
})

describe('redactText: the shapes that got through before (X is the secret)', () => {
  test.for([
    ['JSON nested on one line', '{"auth": {"password": "XsecretX"}}', '{"auth": {"password": "***"}}'],
    [
      'YAML flow map',
      'auth: {password: XsecretX, auth_url: http://[2001:db8::11]:5000/v3}',
      'auth: {password: "***", auth_url: http://[2001:db8::11]:5000/v3}',
    ],
    ['YAML flow list of maps', '[{password: XsecretX}]', '[{password: "***"}]'],
    [
      'a command line --password=X',
      'ExecStart=/usr/bin/svc --password=XsecretX --debug',
      'ExecStart=/usr/bin/svc --password="***" --debug',
    ],
    [
      'a command line --db-password X',
      'ExecStart=/usr/bin/svc --db-password XsecretX --debug',
      'ExecStart=/usr/bin/svc --db-password "***" --debug',
    ],
    [
      'a URL password with / # ? \' "',
      `connection = mysql://u:ab/c#d?e'f"gXsecretX@h/db`,
      'connection = mysql://u:***@h/db',
    ],
    ['an escaped double quote', 'password = "a\\"XsecretX"', 'password = "***"'],
    ["YAML's doubled single quote", "password: 'it''sXsecretX'", "password: '***'"],
    ['a token header in a quoted string', '"X-Auth-Token: XsecretX"', '"X-Auth-Token: ***"'],
    ['an XML element', '<password>XsecretX</password>', '<password>***</password>'],
  ] as const)('%s', ([, raw, redacted]) => {
    expect(redactText(raw)).toBe(redacted)
  })

  test('oslo.messaging hosts stay when a password holds a comma', () => {
    expect(redactText('transport_url = rabbit://u:a,bXsecretX@h1:5672,v:c@h2:5672/')).toBe(
      'transport_url = rabbit://u:***@h1:5672,v:***@h2:5672/',
    )
  })

  test('a URL with an @ in its path and no userinfo is left alone', () => {
    for (const url of ['http://[2001:db8::1]:80/a@b', 'https://git.example.net/~u@x'])
      expect(redactText(`u = ${url}`)).toBe(`u = ${url}`)
  })
})

describe('redactText: every shape, under every key, at any position (property)', () => {
  test('no piece of the secret survives, and the file keeps its number of lines', () => {
    fc.assert(
      fc.property(planted, (p) => {
        const out = redactText(p.text)
        expect(leakOf(out, p.secret), `${p.shape} under ${p.key}:\n${p.text}\n→\n${out}`).toBeUndefined()
        expect(out.split('\n')).toHaveLength(p.text.split('\n').length)
      }),
      { numRuns: 3000 },
    )
  })

  test('each shape alone, under each key', () => {
    for (const shape of SHAPES)
      for (const key of SECRET_KEYS) {
        const secret = 'SqT0pS3cretValue'
        const text = shape.text(key, secret)
        expect(leakOf(redactText(text), secret), `${shape.name} under ${key}: ${text}`).toBeUndefined()
      }
  })
})
