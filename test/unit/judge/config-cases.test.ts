// The config judges' rules, case by case: each reader's syntax, the addr:port ambiguity in both
// directions, binds per unit, expanded forms, and files that are absent, unreadable or broken.
import { describe, expect, test } from 'vitest'
import { configBindAny, haproxyBind, nginxBind } from '../../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../../lib/judge/config-expanded.ts'
import type { HostJudge, HostView } from '../../../lib/judge/host-view.ts'
import type { ConfigText } from '../../../lib/observe/facts.ts'
import { withParsed } from '../../../lib/observe/parse/config.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { textView } from './config-view.ts'
import { host, rich } from './view.ts'

type Format = ResolvedHost['configs'][number]['format']

/** Judge one file; the verdict's outcome and the lines of its findings. */
function judge(j: HostJudge, format: Format, text: string, style?: 'expanded') {
  const [v] = j(textView([{ path: '/etc/x', format, text, ...(style && { style }) }]))
  if (!v) throw new Error('no verdict')
  return {
    ok: v.ok,
    skip: v.skip,
    lines: [...(v.evidence ?? '').matchAll(/^\/etc\/x:(\d+):/gm)].map((m) => Number(m[1])),
    v,
  }
}
const findings = (j: HostJudge, format: Format, text: string) => judge(j, format, text).lines.length

describe('hosts.config.brackets', () => {
  describe('ini: a bare address needs no brackets; address:port does', () => {
    test.for([
      ['my_ip = 2001:db8::11', 0],
      ['iscsi_ip_address = 2001:db8::11', 0],
      ['iscsi_ip_address = [2001:db8::11]', 0],
      ['iscsi_ip_address = 2001:db8:0:1::11', 0],
      ['memcached_servers = [2001:db8::11]:11211,[2001:db8::12]:11211', 0],
      ['routes = 2001:db8::/64', 0],
      ['at = 12:30:45', 0],
      ['mac = 52:54:00:12:34:56', 0],
      // Only address:port reads: nine groups, or a zone then a port.
      ['listen = 2001:db8:0:0:0:0:0:11:8080', 1],
      ['my_ip = fe80::1%eth0:22', 1],
    ] as const)('%s → %i finding(s)', ([text, n]) => expect(findings(configBrackets, 'ini', text)).toBe(n))
  })

  describe('the ambiguous 2001:db8::1:80 (RFC 5952 §6), read by what the key says', () => {
    test.for([
      // The key takes address:port: a trailing decimal group is the port.
      ['memcached_servers = 2001:db8::11:11211', 1],
      ['rabbit_hosts = 2001:db8::11:5672', 1],
      // The key takes an address, and the group is its service's port (iSCSI 3260)...
      ['iscsi_ip_address = 2001:db8:0:1::11:3260', 1],
      // ...or a port its section sets.
      ['[glance]\nbind_port = 9292\nbind_host = 2001:db8::1:9292', 1],
      ['[DEFAULT]\nbind_port = 9292\n[api]\nbind_host = 2001:db8::1:9292', 1],
      // Otherwise it is an address whose last group looks decimal.
      ['iscsi_ip_address = 2001:db8:0:1::11:3261', 0],
      ['my_ip = 2001:db8::1:80', 0],
      ['[glance]\nbind_host = 2001:db8::1:9292', 0],
      ['[glance]\nbind_port = 9292\n[other]\nbind_host = 2001:db8::1:9292', 0],
    ] as const)('%s → %i finding(s)', ([text, n]) => expect(findings(configBrackets, 'ini', text)).toBe(n))
  })

  test('oslo.config references: the substituted text is judged, the reference is what to fix', () => {
    const v6 = judge(
      configBrackets,
      'ini',
      '[DEFAULT]\nmy_ip = 2001:db8::11\n[glance]\napi_servers = http://$my_ip:9292',
    )
    expect(v6.lines).toEqual([4])
    expect(v6.v.remedy).toBe('line 4: write http://[$my_ip]:9292')
    expect(v6.v.observed).toContain('(http://$my_ip:9292 (= http://2001:db8::11:9292))')
    expect(findings(configBrackets, 'ini', 'my_ip = 192.0.2.11\napi_servers = http://$my_ip:9292')).toBe(0)
    expect(findings(configBrackets, 'ini', 'my_ip = 2001:db8::11\napi_servers = http://[$my_ip]:9292')).toBe(0)
    // my_ip left to its default (the host's address) is not guessed.
    expect(findings(configBrackets, 'ini', 'api_servers = http://$my_ip:9292')).toBe(0)
  })

  describe('URLs: brackets always (RFC 3986 §3.2.2), a zone as %25 (RFC 6874)', () => {
    test.for([
      ['auth_url = http://[2001:db8::11]:5000/v3', 0],
      ['auth_url = http://2001:db8::11/v3', 1],
      ['auth_url = https://2001:db8::11:5000/v3', 1],
      ['url = http://[fe80::a9fe:a9fe%25eth0]/openstack', 0],
      ['url = http://[fe80::a9fe:a9fe%eth0]/openstack', 1],
      ['transport_url = rabbit://u:p@[2001:db8::11]:5672,u:p@2001:db8::12:5672/', 1],
      ['auth_url = http://keystone.example.net:5000', 0],
      ['auth_url = http://192.0.2.1:5000', 0],
    ] as const)('%s → %i finding(s)', ([text, n]) => expect(findings(configBrackets, 'ini', text)).toBe(n))

    test('the fix rewrites the URL as written', () => {
      expect(judge(configBrackets, 'ini', 'url = http://[fe80::1%eth0]:80/').v.remedy).toBe(
        'line 1: write http://[fe80::1%25eth0]:80/',
      )
      expect(judge(configBrackets, 'ini', 'auth_url = http://2001:db8::11/v3').v.remedy).toBe(
        'line 1: write http://[2001:db8::11]/v3',
      )
    })
  })

  describe('nginx refuses every unbracketed IPv6 literal (ngx_parse_inet_url: the first colon is the port)', () => {
    test.for([
      ['server { listen [2001:db8::1]:80; listen [::]:443 ssl; }', 0],
      ['server { listen 2001:db8::1:80; }', 1],
      ['server { listen [::]:80; resolver 2001:db8::53 valid=30s; }', 1],
      ['server { listen [::]:80; resolver [2001:db8::53]:53 192.0.2.53; }', 0],
      ['upstream u { server 2001:db8::11:5000; server [2001:db8::12]:5000; }', 1],
      ['server { listen [::]:80; location / { proxy_pass http://2001:db8::11:5000; } }', 1],
      ['server { listen [::]:80; allow 2001:db8::/32; deny all; }', 0],
    ] as const)('%s → %i finding(s)', ([text, n]) => expect(findings(configBrackets, 'nginx', text)).toBe(n))

    test('the fix says the bracketed form', () => {
      expect(judge(configBrackets, 'nginx', 'server {\n  listen 2001:db8::1:80;\n}').v.remedy).toBe(
        'line 2: write listen [2001:db8::1]:80',
      )
      expect(judge(configBrackets, 'nginx', 'resolver 2001:db8::53;').v.remedy).toBe(
        'line 1: write resolver [2001:db8::53]',
      )
    })
  })

  describe('haproxy by its own rule: the last colon is the port (str2sa_range)', () => {
    test.for([
      ['frontend f\n  bind :::443 v4v6', 0],
      ['frontend f\n  bind 2001:db8::11:443', 0],
      ['frontend f\n  bind [2001:db8::11]:443', 0],
      ['frontend f\n  bind ipv6@:443', 0],
      ['backend b\n  server s1 2001:db8::11:5000 check', 0],
      ['backend b\n  server s1 [2001:db8::11] check', 0],
      // Meant without a port, haproxy reads "2001:db8:" port 11 (haproxy-dconv#29).
      ['backend b\n  server s1 2001:db8::11 check', 1],
      ['resolvers r\n  nameserver ns1 2001:db8::53', 1],
      ['backend b\n  server s1 192.0.2.1:80', 0],
    ] as const)('%s → %i finding(s)', ([text, n]) => expect(findings(configBrackets, 'haproxy', text)).toBe(n))

    test('the finding says how haproxy split it', () => {
      const r = judge(configBrackets, 'haproxy', 'backend b\n  server s1 2001:db8::11 check')
      expect(r.v.observed).toContain('2001:db8::11 is address "2001:db8:" port 11')
      expect(r.v.remedy).toBe('line 2: write [2001:db8::11] (no port) or [2001:db8::11]:<port>')
    })
  })

  test('YAML and JSON values are read by their key', () => {
    expect(findings(configBrackets, 'yaml', 'servers:\n  - "2001:db8::11:11211"\nmy_ip: 2001:db8::11\n')).toBe(1)
    expect(
      findings(configBrackets, 'json', '{\n  "registry": "http://2001:db8::5:5000",\n  "dns": ["2001:db8::53"]\n}'),
    ).toBe(1)
  })

  test('a pass says what was looked at', () => {
    expect(judge(configBrackets, 'ini', 'a = 1').v.observed).toBe('no IPv6 literal')
    expect(judge(configBrackets, 'ini', 'my_ip = 2001:db8::11\nurl = http://[2001:db8::11]/').v.observed).toBe(
      '2 values with IPv6 literals, all bracketed where a port or URL needs it',
    )
  })
})

describe('hosts.config.bind-any', () => {
  test('nginx: per server block, an IPv4 wildcard listen needs an IPv6 listen on its port', () => {
    expect(judge(configBindAny, 'nginx', 'server { listen 80; listen [::]:80; }').ok).toBe(true)
    expect(judge(configBindAny, 'nginx', 'server { listen [::]:80 ipv6only=off; }').ok).toBe(true)
    expect(judge(configBindAny, 'nginx', 'server {\n listen 0.0.0.0:8080;\n listen [2001:db8::11]:8080;\n}').ok).toBe(
      true,
    )
    expect(judge(configBindAny, 'nginx', 'server {\n listen *:80;\n}').lines).toEqual([2])
    expect(judge(configBindAny, 'nginx', 'server {\n listen 80;\n listen [::]:443 ssl;\n}').lines).toEqual([2])
    // [::]:80 in another server block does not serve this one's names over IPv6.
    expect(
      judge(
        configBindAny,
        'nginx',
        'server {\n listen 80;\n listen [::]:80;\n}\nserver {\n listen 80;\n server_name b;\n}',
      ).lines,
    ).toEqual([6])
    expect(judge(configBindAny, 'nginx', 'server { listen 127.0.0.1:8080; }').ok).toBe(true)
  })

  test('nginx: a server block with no listen is *:80; a stream server has no default', () => {
    const r = judge(configBindAny, 'nginx', 'http {\n  server {\n    server_name a;\n  }\n}')
    expect(r.lines).toEqual([2])
    expect(r.v.observed).toContain('no listen directive listens on *:80, IPv4 only')
    expect(judge(configBindAny, 'nginx', 'stream {\n  server {\n    proxy_pass [::1]:1;\n  }\n}').ok).toBe(true)
  })

  test('haproxy: per section, * and 0.0.0.0 are IPv4 wildcards, :: and ipv6@ are IPv6', () => {
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind :::443 v4v6').ok).toBe(true)
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind *:80,:::80').ok).toBe(true)
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind *:80\n  bind ipv6@:80').ok).toBe(true)
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind *:80').lines).toEqual([2])
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind :80').lines).toEqual([2])
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind ipv4@:80').lines).toEqual([2])
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind *:80\n  bind :::443').lines).toEqual([2])
    expect(judge(configBindAny, 'haproxy', 'frontend f\n  bind *:80\nfrontend g\n  bind :::80').lines).toEqual([2])
  })

  test('bind address readers', () => {
    expect(nginxBind('8080')).toEqual({ family: 'v4-any', port: '8080' })
    expect(nginxBind('[::]')).toEqual({ family: 'v6', port: '80' })
    expect(haproxyBind(':::443')).toEqual({ family: 'v6', port: '443' })
    expect(haproxyBind('[::]:443')).toEqual({ family: 'v6', port: '443' })
    expect(haproxyBind('*:10000-10010')).toEqual({ family: 'v4-any', port: '10000-10010' })
    expect(haproxyBind('2001:db8::11:443')).toEqual({ family: 'v6', port: '443' })
  })

  test('ini, YAML, JSON: a bind key set to 0.0.0.0 is one IPv4-only listener; :: is the fix', () => {
    const r = judge(
      configBindAny,
      'ini',
      '[DEFAULT]\nbind_host = 0.0.0.0\nosapi_compute_listen = ::\nmetadata_listen = 0.0.0.0\nhost = ctl1',
    )
    expect(r.lines).toEqual([2, 4])
    expect(r.v.remedy).toBe('line 2: write bind_host = ::; line 4: write metadata_listen = ::')
    expect(judge(configBindAny, 'yaml', 'bindAddress: 0.0.0.0:10250\n').v.remedy).toBe(
      'line 1: write bindAddress = [::]:10250',
    )
    expect(judge(configBindAny, 'json', '{\n  "listen": "[::]:8080"\n}').ok).toBe(true)
    // Not a bind key: a default route or a peer is not a listener.
    expect(judge(configBindAny, 'ini', 'route = 0.0.0.0\nremote = 0.0.0.0').ok).toBe(true)
  })

  test('text: 0.0.0.0 anywhere fails unless the file also binds ::', () => {
    expect(judge(configBindAny, 'text', 'ListenAddress 0.0.0.0\n').lines).toEqual([1])
    expect(judge(configBindAny, 'text', 'ListenAddress 0.0.0.0\nListenAddress ::\n').ok).toBe(true)
  })

  test('an IPv6-only bind passes on a dual-stack host too (both families are hosts.listeners.dual-stack)', () => {
    const v = textView(
      [{ path: '/etc/haproxy/haproxy.cfg', format: 'haproxy', text: 'frontend f\n  bind [2001:db8::11]:443' }],
      { stack: 'dual-stack' },
    )
    expect(configBindAny(v).map((x) => x.ok)).toEqual([true])
  })
})

describe('hosts.config.expanded', () => {
  test.for([
    ['gateway: 2001:0db8:0000:0001:0000:0000:0000:0001', []],
    ['gateway: 2001:0DB8:0000:0001:0000:0000:0000:0001', []],
    ['url: http://[2001:0db8:0000:0001:0000:0000:0000:0011]:25555', []],
    ['gateway: 2001:db8:0:1::1', ['2001:0db8:0000:0001:0000:0000:0000:0001']],
    ['gateway: 2001:db8:0:1:0:0:0:1', ['2001:0db8:0000:0001:0000:0000:0000:0001']],
    [
      'dns: [::1, "2001:4860:4860::8888"]',
      ['0000:0000:0000:0000:0000:0000:0000:0001', '2001:4860:4860:0000:0000:0000:0000:8888'],
    ],
    ['mapped: ::ffff:192.0.2.1', ['0000:0000:0000:0000:0000:ffff:c000:0201']],
    ['range: 2001:db8:0:1::/64', ['2001:0db8:0000:0001:0000:0000:0000:0000']],
    ['at: "12:30:45"\nmac: 52:54:00:12:34:56', []],
  ] as const)('%s', ([text, fixes]) => {
    const r = judge(configExpanded, 'yaml', text, 'expanded')
    expect(r.v.remedy?.split('; ').map((f) => f.replace(/^line \d+: write /, '')) ?? []).toEqual(fixes)
  })

  test('only files marked style: expanded are judged', () => {
    expect(configExpanded(textView([{ path: '/etc/x', format: 'yaml', text: 'a: ::1' }]))).toEqual([])
  })
})

describe('files that cannot be judged', () => {
  const view = (
    file: ConfigText | undefined,
    configs: ResolvedHost['configs'] = [{ path: '/etc/x.conf', format: 'ini' }],
  ): HostView => ({
    host: host({ configs }),
    facts: { ...rich, configs: { ok: true as const, value: file ? [withParsed(file, configs)] : [] } },
    probes: [],
  })
  const all = (v: HostView) => [configBrackets, configBindAny, configExpanded].flatMap((j) => j(v))

  test('absent, or not a file: every check on the file fails, saying which', () => {
    const absent = all(view({ path: '/etc/x.conf', state: 'absent', size: 0, truncated: false }))
    expect(absent.map((v) => [v.check, v.ok, v.observed])).toEqual([
      ['hosts.config.brackets', false, '/etc/x.conf does not exist'],
      ['hosts.config.bind-any', false, '/etc/x.conf does not exist'],
    ])
    const dir = all(
      view({ path: '/etc/x.conf', state: 'unreadable', reason: 'a directory', size: 0, truncated: false }),
    )
    expect(dir.map((v) => [v.ok, v.observed, v.remedy])).toEqual([
      [
        false,
        '/etc/x.conf cannot be read: a directory',
        'name the file itself in the targets file, not a directory or a device',
      ],
      [
        false,
        '/etc/x.conf cannot be read: a directory',
        'name the file itself in the targets file, not a directory or a device',
      ],
    ])
  })

  test('not in the observation, or no config section: skipped per file with the reason', () => {
    expect(all(view(undefined)).map((v) => v.skip)).toEqual([
      '/etc/x.conf was not read in this observation (named in the targets file after it was recorded?)',
      '/etc/x.conf was not read in this observation (named in the targets file after it was recorded?)',
    ])
    const v = {
      host: host({ configs: [{ path: '/etc/x.conf', format: 'ini' }] }),
      facts: { ...rich, configs: { ok: false as const, error: 'section config: missing from the output' } },
      probes: [],
    }
    expect(configBrackets(v)).toEqual([
      expect.objectContaining({
        subject: 'h1:/etc/x.conf',
        skip: 'could not observe configs: section config: missing from the output',
      }),
    ])
  })

  test("a file that does not parse as its format is skipped with the parser's reason", () => {
    const r = configBrackets(
      view({ path: '/etc/x.conf', state: 'ok', text: 'a: [1, 2\nb: 3\n', size: 14, truncated: false }, [
        { path: '/etc/x.conf', format: 'yaml' },
      ]),
    )
    expect(r[0]?.skip).toMatch(/^\/etc\/x\.conf does not parse as yaml \(line \d+: /)
  })

  test('a file whose facts were made without its format is skipped, not judged on a guess', () => {
    const v = {
      host: host({ configs: [{ path: '/etc/x.conf', format: 'ini' as const }] }),
      facts: {
        ...rich,
        configs: {
          ok: true as const,
          value: [
            {
              path: '/etc/x.conf',
              state: 'ok' as const,
              text: 'my_ip = 2001:db8::11:3260\n',
              size: 25,
              truncated: false,
            },
          ],
        },
      },
      probes: [],
    }
    expect(configBrackets(v)[0]?.skip).toBe('/etc/x.conf was not read as ini in this observation')
  })

  test('a truncated file is judged on what was read, and says so', () => {
    const r = configBrackets(
      view({ path: '/etc/x.conf', state: 'ok', text: 'my_ip = 2001:db8::11\n', size: 2_000_000, truncated: true }),
    )
    expect(r[0]?.observed).toBe(
      '1 value with IPv6 literals, all bracketed where a port or URL needs it (judged on the first 1 MiB of 2000000 bytes)',
    )
  })

  test('a host naming no config file has no config tests', () => {
    expect(all({ host: host(), facts: rich, probes: [] })).toEqual([])
  })
})
