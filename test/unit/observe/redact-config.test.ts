// Config secrets are masked before anything is stored, and nothing the judges need goes with them.
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { isSecretKey, redactConfig, redactConfigSection } from '../../../lib/observe/redact-config.ts'

describe('redactConfig', () => {
  test.for([
    // oslo.messaging: every host of the list has its own userinfo; hosts and ports stay.
    [
      'transport_url = rabbit://openstack:Rb1@2001:db8:0:1::11:5672,nova:Rb2@[2001:db8::12]:5672/',
      'transport_url = rabbit://openstack:***@2001:db8:0:1::11:5672,nova:***@[2001:db8::12]:5672/',
    ],
    ['connection = mysql+pymysql://nova:Db1@[2001:db8::11]/nova?charset=utf8', 'connection = mysql+pymysql://nova:***@[2001:db8::11]/nova?charset=utf8'],
    ['auth = https://tok3n@git.example.net/x', 'auth = https://***@git.example.net/x'],
    ['url = redis://:Rd1@[2001:db8::20]:6379/0?password=Rd2&db=0', 'url = redis://:***@[2001:db8::20]:6379/0?password=***&db=0'],
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
    ['key: "-----BEGIN RSA PRIVATE KEY-----MIIab-----END RSA PRIVATE KEY-----"', 'key: "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----"'],
  ] as const)('%s', ([raw, redacted]) => expect(redactConfig(raw)).toBe(redacted))

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
  ])('%s is left alone', (line) => expect(redactConfig(line)).toBe(line))

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
    const out = redactConfig(text)
    expect(out.split('\n')).toHaveLength(12)
    expect(out).not.toMatch(/two words|continued|MIIEvQ|MHcCAQ/)
    expect(out).toContain('username = nova')
    expect(out).toContain('address: 2001:db8::11')
  })

  test('JSON and YAML still parse after redaction, with the secrets gone and the rest intact', () => {
    const json = '{\n  "ipv6": true,\n  "fixed-cidr-v6": "2001:db8:1::/64",\n  "registry-password": "Dk1",\n  "secrets": {\n    "db": "Dk2",\n    "n": 5\n  },\n  "tokens": ["Dk3", "Dk4"]\n}'
    const j = JSON.parse(redactConfig(json))
    expect(j).toMatchObject({ ipv6: true, 'fixed-cidr-v6': '2001:db8:1::/64', 'registry-password': '***', secrets: { db: '***' } })
    expect(JSON.stringify(j)).not.toMatch(/Dk\d/)
    const yaml = 'director:\n  admin_password: Bo1\n  tokens:\n    - Bo2\n    - Bo3\n  address: 2001:0db8:0000:0000:0000:0000:0000:0011\n'
    const y = parseYaml(redactConfig(yaml))
    expect(y).toEqual({ director: { admin_password: '***', tokens: ['***', '***'], address: '2001:0db8:0000:0000:0000:0000:0000:0011' } })
  })

  test('a key names a secret by its words, not by a place or a duration', () => {
    for (const k of ['password', 'rabbit_password', 'db_pass', 'adminPassword', 'psk', 'api_key', 'fernet_keys', 'auth_token', 'client_secret'])
      expect(isSecretKey(k), k).toBe(true)
    for (const k of ['proxy_pass', 'uwsgi_pass', 'token_cache_time', 'secret_file', 'auth_url', 'passthrough', 'bypass', 'keystone_host'])
      expect(isSecretKey(k), k).toBe(false)
  })
})

describe('redactConfigSection', () => {
  test('fences stay, and one file cannot carry its masking into the next', () => {
    const section = [
      '@@v6ready:n:config:0:ok:20:2f61@@',
      'password = Pw1',
      '@@v6ready:n:config:1:ok:20:2f62@@',
      '  listen = [::]:80',
      '@@v6ready:n:config:end@@',
    ].join('\n')
    expect(redactConfigSection(section)).toBe(section.replace('Pw1', '"***"'))
  })
})
