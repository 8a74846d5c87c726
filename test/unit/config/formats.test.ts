// The config parsers read each format by its own rules: what is a value, on which line, under
// which key, and what the key says it holds.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  parseHaproxy,
  parseIni,
  parseNginx,
  parseText,
  parseYaml,
  type ConfigValue,
} from '../../../lib/config/index.ts'
import { ipv6Literals } from '../../../lib/config/literals.ts'
import { isUrl, tokens } from '../../../lib/config/values.ts'
import { FIXTURES } from '../judge/config-view.ts'

const fixture = (p: string) => readFileSync(`${FIXTURES}${p}`, 'utf8')
const brief = (vs: ConfigValue[]) => vs.map((v) => `${v.line} ${v.key}=${v.text} ${v.role}${v.bind ? ' bind' : ''}`)

describe('ini, as oslo.config reads it', () => {
  test('sections, = and :, comments only at the start, continuations, one pair of quotes', () => {
    const text = [
      '# a comment with my_ip = 2001:db8::99',
      '[DEFAULT]',
      'my_ip: 2001:db8::11',
      'memcached_servers = [2001:db8::11]:11211,[2001:db8::12]:11211',
      'bind_host = "0.0.0.0"',
      '; another comment',
      '[glance]',
      'api_servers = http://[2001:db8::11]:9292',
      '  http://[2001:db8::12]:9292',
      '',
      '  orphan = 2001:db8::13',
      'weird = a # not a comment',
    ].join('\n')
    expect(brief(parseIni(text).values)).toEqual([
      '3 my_ip=2001:db8::11 address',
      '4 memcached_servers=[2001:db8::11]:11211 hostport',
      '4 memcached_servers=[2001:db8::12]:11211 hostport',
      '5 bind_host=0.0.0.0 address bind',
      '8 api_servers=http://[2001:db8::11]:9292 url',
      '9 api_servers=http://[2001:db8::12]:9292 url',
      '12 weird=a free',
      '12 weird=# free',
      '12 weird=not free',
      '12 weird=a free',
      '12 weird=comment free',
    ])
  })

  test('$name and ${group.name} are interpolated, same section first, then DEFAULT; $$ is a dollar', () => {
    const text = [
      '[DEFAULT]',
      'my_ip = 2001:db8::11',
      '[vnc]',
      'my_ip = 2001:db8::99',
      'a = http://$my_ip:6080',
      'b = [${DEFAULT.my_ip}]',
      'c = $$my_ip',
      'd = $nosuch:1',
    ].join('\n')
    const vs = parseIni(text).values.filter((v) => v.written)
    expect(vs.map((v) => [v.key, v.written, v.text])).toEqual([
      ['a', 'http://$my_ip:6080', 'http://2001:db8::99:6080'],
      ['b', '[${DEFAULT.my_ip}]', '[2001:db8::11]'],
      ['c', '$$my_ip', '$my_ip'],
    ])
  })

  test('ports set in a section and the service a key names are kept as evidence for trailing groups', () => {
    const vs = parseIni(
      ['[DEFAULT]', 'bind_port = 9292', '[lvm]', 'iscsi_ip_address = 2001:db8::11', 'target_port = 3261'].join('\n'),
    ).values
    expect(vs.find((v) => v.key === 'iscsi_ip_address')?.ports?.sort()).toEqual([3260, 3261, 9292])
  })

  test('the lab cinder.conf: every value that may hold an address, with its line', () => {
    const vs = parseIni(fixture('bad/etc/cinder/cinder.conf')).values
    expect(vs.filter((v) => /:.*:/.test(v.text)).map((v) => `${v.line} ${v.key}`)).toEqual([
      '4 transport_url',
      '6 my_ip',
      '7 osapi_volume_listen',
      '10 glance_api_servers',
      '13 connection',
      '16 www_authenticate_uri',
      '17 auth_url',
      '18 memcached_servers',
      '32 iscsi_ip_address',
    ])
  })
})

describe('nginx, as ngx_conf_read_token reads it', () => {
  test('blocks, comments, quotes, listen per server block, upstream servers, resolver, *_pass', () => {
    const text = [
      'upstream keystone { server [2001:db8::11]:5000; server 2001:db8::12:5000 backup; }',
      'server {',
      '  listen 80; # listen [::]:80;',
      '  listen "[::]:443" ssl;',
      '  server_name "api.example.net";',
      '  resolver [2001:db8::53]:53 2001:db8::54 valid=30s;',
      '  location / { proxy_pass http://keystone; }',
      '  location /v6 {',
      '    proxy_pass http://[2001:db8::11]:5000/;',
      '    allow 2001:db8::/32; deny all;',
      '  }',
      '}',
      'server { server_name _; }',
      'stream { server { listen [::]:3306; proxy_pass [2001:db8::11]:3306; } }',
    ].join('\n')
    const p = parseNginx(text)
    expect(brief(p.values)).toEqual([
      '1 server=[2001:db8::11]:5000 nginx',
      '1 server=2001:db8::12:5000 nginx',
      '3 listen=80 nginx bind',
      '4 listen=[::]:443 nginx bind',
      '5 server_name=api.example.net address',
      '6 resolver=[2001:db8::53]:53 nginx',
      '6 resolver=2001:db8::54 nginx',
      '7 proxy_pass=http://keystone url',
      '9 proxy_pass=http://[2001:db8::11]:5000/ url',
      '10 allow=2001:db8::/32 address',
      '13 server_name=_ address',
      '14 listen=[::]:3306 nginx bind',
      '14 proxy_pass=[2001:db8::11]:3306 nginx',
    ])
    expect(p.units).toEqual([
      { id: 'server@2', line: 2, implicit: '*:80' },
      { id: 'server@13', line: 13, implicit: '*:80' },
      { id: 'server@14', line: 14 },
    ])
    expect(p.values.find((v) => v.text === '[::]:443')?.options).toEqual(['ssl'])
  })

  test("Debian's default site: two listens in one server block; the commented ones are not read", () => {
    const p = parseNginx(fixture('good/etc/nginx/sites-enabled/default'))
    expect(brief(p.values)).toEqual([
      '22 listen=80 nginx bind',
      '23 listen=[::]:80 nginx bind',
      '46 server_name=_ address',
    ])
    expect(p.values.filter((v) => v.bind).map((v) => v.unit)).toEqual(['server@21', 'server@21'])
  })
})

describe('haproxy, as cfgparse and str2sa_range read it', () => {
  test('sections, bind lists and options, server/peer/nameserver/log addresses, comments and quotes', () => {
    const text = [
      'global',
      '  log /dev/log local0',
      '  log [2001:db8::514]:514 local1',
      'resolvers dns',
      '  nameserver ns1 [2001:db8::53]:53',
      'frontend api # comment',
      '  bind *:80,:::80 v4v6',
      '  bind ipv6@:443 ssl crt /etc/ssl/x.pem',
      '  bind unix@/run/api.sock',
      '  http-request redirect location https://[2001:db8::11]/ if !{ ssl_fc }',
      'backend b',
      '  server s1 2001:db8::11:5000 check # not a "comment',
      '  server "s2" "[2001:db8::12]:5000" check',
    ].join('\n')
    const p = parseHaproxy(text)
    expect(brief(p.values)).toEqual([
      '3 log=[2001:db8::514]:514 haproxy',
      '5 nameserver=[2001:db8::53]:53 haproxy',
      '7 bind=*:80 haproxy bind',
      '7 bind=:::80 haproxy bind',
      '8 bind=ipv6@:443 haproxy bind',
      '10 http-request=https://[2001:db8::11]/ url',
      '12 server=2001:db8::11:5000 haproxy',
      '13 server=[2001:db8::12]:5000 haproxy',
    ])
    expect(p.values.filter((v) => v.bind).map((v) => [v.unit, v.options])).toEqual([
      ['frontend api', ['v4v6']],
      ['frontend api', ['v4v6']],
      ['frontend api', ['ssl', 'crt', '/etc/ssl/x.pem']],
    ])
    expect(p.units).toEqual([{ id: 'frontend api', line: 6 }])
  })
})

describe('YAML and JSON, through the yaml parser', () => {
  test('string scalars with their line and key, lists under their key, numbers skipped', () => {
    const p = parseYaml(fixture('bad/srv/bosh/cloud-config.yml'))
    expect(brief(p.values.filter((v) => /:/.test(v.text)))).toEqual([
      '13 range=2001:0db8:0000:0001:0000:0000:0000:0000/64 address',
      '14 gateway=2001:db8:0:1::1 address',
      '16 dns=2001:0db8:0000:0001:0000:0000:0000:0053 address',
      '18 reserved=2001:0db8:0000:0001:0000:0000:0000:0002-2001:0db8:0000:0001:0000:0000:0000:00ff address',
      '20 static=2001:0db8:0000:0001:0000:0000:0000:0100-2001:0db8:0000:0001:0000:0000:0000:01ff address',
    ])
    expect(p.values.find((v) => v.key === 'gateway')?.context).toBe('networks[0].subnets[0].gateway')
  })

  test('JSON keeps its lines; camelCase keys read like snake_case ones; a broken file says where', () => {
    const p = parseYaml('{\n  "ipv6": true,\n  "bindAddress": "0.0.0.0",\n  "fixed-cidr-v6": "2001:db8:1::/64"\n}')
    expect(brief(p.values)).toEqual(['3 bindAddress=0.0.0.0 address bind', '4 fixed-cidr-v6=2001:db8:1::/64 free'])
    expect(parseYaml('a: [1, 2\nb: 3\n').error).toMatch(/^line \d+: /)
  })
})

describe('text', () => {
  test("every token a value; key=value gives its value, else the line's first word; comment lines skipped; wildcards marked as binds", () => {
    const p = parseText(
      '# ListenAddress ::\nListenAddress 0.0.0.0\nExecStart=/usr/bin/x --bind=[::]:8080 http://[2001:db8::1]/\n',
    )
    expect(brief(p.values)).toEqual([
      '2 =ListenAddress free',
      '2 ListenAddress=0.0.0.0 free bind',
      '3 ExecStart=/usr/bin/x free',
      '3 --bind=[::]:8080 free bind',
      '3 ExecStart=http://[2001:db8::1]/ url',
    ])
  })
})

describe('tokens and IPv6 literals inside values', () => {
  test('commas split lists, except inside a URL authority that lists hosts', () => {
    expect(tokens('a, b,c "d"')).toEqual(['a', 'b', 'c', 'd'])
    expect(tokens('rabbit://u:p@h1:5672,u:p@h2:5672/,http://x/')).toEqual([
      'rabbit://u:p@h1:5672,u:p@h2:5672/',
      'http://x/',
    ])
  })

  test('quotes and semicolons come off both ends of a token, every one of them, and only there', () => {
    expect(tokens('"[2001:db8::1]:11211";')).toEqual(['[2001:db8::1]:11211'])
    expect(tokens(`''::1'' "2001:db8::5"`)).toEqual(['::1', '2001:db8::5'])
    expect(tokens("node's")).toEqual(["node's"])
  })

  test('a URL starts the value: a scheme:// later in the text is not one', () => {
    expect(isUrl('http://[2001:db8::1]:9292/')).toBe(true)
    expect(isUrl('see http://[2001:db8::1]:9292/')).toBe(false)
  })

  test('literals are found by shape and kept only when lib/net parses them', () => {
    const found = (t: string) => ipv6Literals(t).map((l) => l.text)
    expect(found('http://[2001:db8::1]:80/ and 2001:db8::2/64, fe80::1%eth0')).toEqual([
      '2001:db8::1',
      '2001:db8::2',
      'fe80::1%eth0',
    ])
    expect(found('12:30:45 52:54:00:12:34:56 ECDHE-RSA-AES128-GCM-SHA256:ECDHE a:b')).toEqual([])
    expect(found('2001:db8:0:0:0:0:0:11:3260')).toEqual(['2001:db8:0:0:0:0:0:11']) // nine groups: address and port
    expect(found('::ffff:192.0.2.1 ::')).toEqual(['::ffff:192.0.2.1', '::'])
  })
})
