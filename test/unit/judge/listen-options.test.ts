// hosts.config.bind-any and hosts.config.brackets on the listen options of an OpenStack cloud's
// services, known by what they mean (lib/config/listen-options.ts). Each case is a line of the
// service's real sample config: Debian 12's packages (nova-common 26.2.2, neutron-common 21.2,
// glance-common 25.1.0, cinder-common 21.3.1, octavia-common 11.0.0, ironic-common 21.4.4,
// heat-common 19.0.0, keystone 22.0.2's keystone-uwsgi.ini, memcached 1.6.18's memcached.conf,
// rabbitmq-server 3.10.8's rabbitmq-env.conf, mariadb-server 10.11's 50-server.cnf and wsrep.cnf,
// apache2 2.4's ports.conf), uncommented where the sample has the default commented out, with the
// value an operator would set; RabbitMQ's rabbitmq.conf lines are rabbitmq.conf.example's.
import { describe, expect, test } from 'vitest'
import { configBindAny } from '../../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../../lib/judge/config-brackets.ts'
import type { HostJudge } from '../../../lib/judge/host-view.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { textView } from './config-view.ts'

type Format = ResolvedHost['configs'][number]['format']

function one(j: HostJudge, path: string, format: Format, text: string): Verdict {
  const vs = j(textView([{ path, format, text }]))
  expect(vs).toHaveLength(1)
  return vs[0]!
}
const bindAny = (path: string, format: Format, text: string) => one(configBindAny, path, format, text)

/** The finding lines of a verdict's evidence, each with the rule that recognised it. */
const found = (v: Verdict): { line: number; rule: string }[] =>
  [...(v.evidence ?? '').matchAll(/^\S+:(\d+): .*\n(?: {2}.*\n)*? {2}recognised as (.*)$/gm)].map((m) => ({
    line: Number(m[1]),
    rule: m[2] ?? '',
  }))

describe('nova.conf: the API, metadata and console listeners, by section', () => {
  const nova = (text: string) => bindAny('/etc/nova/nova.conf', 'ini', text)

  test.for([
    ["nova-api's [DEFAULT] osapi_compute_listen", '[DEFAULT]\nosapi_compute_listen = 0.0.0.0', 'nova/conf/service.py'],
    ["nova-api-metadata's [DEFAULT] metadata_listen", '[DEFAULT]\nmetadata_listen = 0.0.0.0', 'nova/conf/service.py'],
    ["nova-compute (QEMU's VNC server)'s [vnc] server_listen", '[vnc]\nserver_listen = 0.0.0.0', 'nova/conf/vnc.py'],
    ["nova-novncproxy's [vnc] novncproxy_host", '[vnc]\nnovncproxy_host = 0.0.0.0', 'nova/conf/vnc.py'],
    // Debian 12's nova.conf sets this one: SPICE listens on IPv4 only.
    [
      "nova-compute (QEMU's SPICE server)'s [spice] server_listen",
      '[spice]\nserver_listen = 0.0.0.0',
      'nova/conf/spice.py',
    ],
    ["nova-spicehtml5proxy's [spice] html5proxy_host", '[spice]\nhtml5proxy_host = 0.0.0.0', 'nova/conf/spice.py'],
    [
      "nova-serialproxy's [serial_console] serialproxy_host",
      '[serial_console]\nserialproxy_host = 0.0.0.0',
      'nova/conf/serial_console.py',
    ],
  ] as const)('%s: 0.0.0.0 fails, recognised by the table', ([entry, text, source]) => {
    const v = nova(text)
    expect(v.ok).toBe(false)
    expect(v.remedy).toMatch(/^line 2: write \S+ = ::$/)
    const [f] = found(v)
    expect(f?.line).toBe(2)
    expect(f?.rule).toContain(`${entry}, a listen address (openstack/nova ${source}`)
  })

  test('[serial_console] proxyclient_address is where the serial ports listen and where nova-serialproxy connects: no wildcard, not even ::', () => {
    const v = nova('[serial_console]\nproxyclient_address = 0.0.0.0')
    expect(v.ok).toBe(false)
    expect(v.observed).toContain(
      'is also given to nova-serialproxy, which connects to it: no wildcard can be connected to',
    )
    expect(v.remedy).toBe("line 2: write proxyclient_address = <this host's IPv6 address>")
  })

  test('the section decides: server_listen elsewhere falls back to the name pattern, and says so', () => {
    const v = nova('[other]\nserver_listen = 0.0.0.0')
    expect(found(v)[0]?.rule).toMatch(/^the name pattern of bind keys .*: server_listen is in no entry/)
  })

  test("[DEFAULT] host is the node's name (the sample's #host = <current_hostname>), not a listener; the pass says which keys it ruled out", () => {
    const v = nova('[DEFAULT]\nhost = cmp1\nosapi_compute_listen = ::\n[remote_debug]\nhost = 2001:db8::5')
    expect(v.ok).toBe(true)
    expect(v.observed).toBe('binds: `osapi_compute_listen = ::`')
    expect(v.evidence).toContain(
      "/etc/nova/nova.conf:2: host = cmp1\n  not judged: OpenStack services (oslo.config)'s [DEFAULT] host, not an address",
    )
    expect(v.evidence).toContain(
      "/etc/nova/nova.conf:5: host = 2001:db8::5\n  not judged: nova's [remote_debug] host, not an address",
    )
    expect(v.evidence).toContain("/etc/nova/nova.conf:3: osapi_compute_listen = ::\n  recognised as nova-api's")
  })
})

describe('neutron, glance, cinder, octavia, ironic, heat', () => {
  test.for([
    [
      "neutron-server's [DEFAULT] bind_host",
      '/etc/neutron/neutron.conf',
      '[DEFAULT]\nbind_host = 0.0.0.0',
      'neutron/conf/common.py',
    ],
    [
      "glance-api's [DEFAULT] bind_host",
      '/etc/glance/glance-api.conf',
      '[DEFAULT]\nbind_host = 0.0.0.0',
      'glance/common/wsgi.py',
    ],
    [
      "cinder-api's [DEFAULT] osapi_volume_listen",
      '/etc/cinder/cinder.conf',
      '[DEFAULT]\nosapi_volume_listen = 0.0.0.0',
      'cinder/service.py',
    ],
    [
      "octavia-api's [api_settings] bind_host",
      '/etc/octavia/octavia.conf',
      '[api_settings]\nbind_host = 0.0.0.0',
      'octavia/common/config.py',
    ],
    [
      "octavia-health-manager's [health_manager] bind_ip",
      '/etc/octavia/octavia.conf',
      '[health_manager]\nbind_ip = 0.0.0.0',
      'octavia/common/config.py',
    ],
    ["ironic-api's [api] host_ip", '/etc/ironic/ironic.conf', '[api]\nhost_ip = 0.0.0.0', 'ironic/conf/api.py'],
    [
      "heat-api's [heat_api] bind_host",
      '/etc/heat/heat.conf',
      '[heat_api]\nbind_host = 0.0.0.0',
      'heat/common/wsgi.py',
    ],
    [
      "heat-api-cfn's [heat_api_cfn] bind_host",
      '/etc/heat/heat.conf',
      '[heat_api_cfn]\nbind_host = 0.0.0.0',
      'heat/common/wsgi.py',
    ],
  ] as const)('%s (%s): 0.0.0.0 fails, recognised by the table', ([entry, path, text, source]) => {
    const v = bindAny(path, 'ini', text)
    expect(v.ok).toBe(false)
    expect(found(v)[0]?.rule).toContain(`${entry}, a listen address (openstack/`)
    expect(found(v)[0]?.rule).toContain(source)
  })

  test("the sample defaults that already take IPv6 pass: octavia's amphora [haproxy_amphora] bind_host = ::, ironic's [json_rpc] host_ip = ::", () => {
    const v = bindAny('/etc/octavia/octavia.conf', 'ini', '[haproxy_amphora]\nbind_host = ::')
    expect(v.ok).toBe(true)
    expect(v.evidence).toContain("recognised as amphora-agent's [haproxy_amphora] bind_host")
    expect(bindAny('/etc/ironic/ironic.conf', 'ini', '[json_rpc]\nhost_ip = ::').ok).toBe(true)
  })

  test('bind_host in a file the table does not name is still a bind, by the name pattern', () => {
    const v = bindAny('/etc/myapp/app.conf', 'ini', '[DEFAULT]\nbind_host = 0.0.0.0')
    expect(v.ok).toBe(false)
    expect(found(v)[0]?.rule).toMatch(/^the name pattern of bind keys/)
  })
})

describe("keystone and placement: their WSGI server's sockets", () => {
  // Debian 12's keystone-uwsgi.ini: `listen = 100` is the queue size; #http-socket = :5000 binds 0.0.0.0.
  const uwsgi = (text: string) => bindAny('/etc/keystone/keystone-uwsgi.ini', 'ini', text)

  test('uWSGI http-socket = :5000 binds 0.0.0.0:5000 only; listen = 100 is the socket queue, not an address', () => {
    const v = uwsgi('[uwsgi]\nlisten = 100\nhttp-socket = :5000')
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('line 3 `http-socket = :5000`: http-socket = :5000 binds the IPv4 wildcard only')
    expect(v.remedy).toBe('line 3: write http-socket = [::]:5000')
    expect(found(v)[0]?.rule).toMatch(/^uWSGI \(keystone, placement, .*\)'s \[uwsgi\] http-socket, a listen address/)
  })

  test('https-socket = 0.0.0.0:5000,cert,key fails once; [::]:5000 passes; an IPv6 socket beside the IPv4 one on the port answers for it', () => {
    const v = uwsgi('[uwsgi]\nhttps-socket = 0.0.0.0:5000,foobar.crt,foobar.key')
    expect(found(v).map((f) => f.line)).toEqual([2])
    expect(uwsgi('[uwsgi]\nlisten = 100\nhttp-socket = [::]:5000').ok).toBe(true)
    expect(uwsgi('[uwsgi]\nhttp-socket = :5000\nhttp-socket = [::]:5000').ok).toBe(true)
    expect(uwsgi('[uwsgi]\nhttp-socket = :5000\nhttp-socket = [::]:35357').ok).toBe(false)
  })

  test("Apache's Listen (ports.conf: Listen 80 takes both families; 0.0.0.0:80 IPv4 only)", () => {
    expect(
      bindAny('/etc/apache2/ports.conf', 'text', 'Listen 80\n<IfModule ssl_module>\n\tListen 443\n</IfModule>').ok,
    ).toBe(true)
    const v = bindAny('/etc/apache2/ports.conf', 'text', 'Listen 0.0.0.0:80\n')
    expect(v.ok).toBe(false)
    expect(v.remedy).toBe('line 1: write Listen [::]:80')
    expect(found(v)[0]?.rule).toMatch(
      /^Apache httpd \(keystone, placement and horizon under mod_wsgi\)'s Listen, a listen address/,
    )
    expect(bindAny('/etc/apache2/ports.conf', 'text', 'Listen 0.0.0.0:80\nListen [::]:80\n').ok).toBe(true)
  })
})

describe('memcached, RabbitMQ, MySQL/Galera, HAProxy', () => {
  test('memcached.conf\'s -l (Debian 12: -l 127.0.0.1); -l 0.0.0.0 fails with -l ::; RHEL\'s OPTIONS="-l 127.0.0.1,::1" passes', () => {
    const ok = bindAny('/etc/memcached.conf', 'text', '-p 11211\n-l 127.0.0.1\n')
    expect(ok.ok).toBe(true)
    expect(ok.evidence).toContain(
      "/etc/memcached.conf:2: -l 127.0.0.1\n  recognised as memcached's -l, a listen address (memcached(1)",
    )
    const v = bindAny('/etc/memcached.conf', 'text', '-p 11211\n-l 0.0.0.0\n')
    expect(v.remedy).toBe('line 2: write -l ::')
    expect(bindAny('/etc/sysconfig/memcached', 'text', 'PORT="11211"\nOPTIONS="-l 127.0.0.1,::1"\n').ok).toBe(true)
  })

  test('rabbitmq.conf listeners.tcp.*: 0.0.0.0:5672 fails with :::5672 (cuttlefish splits at the last colon); a port alone listens everywhere', () => {
    const rabbit = (text: string) => bindAny('/etc/rabbitmq/rabbitmq.conf', 'ini', text)
    expect(rabbit('listeners.tcp.default = 5672').ok).toBe(true)
    const v = rabbit('listeners.tcp.local = 0.0.0.0:5672')
    expect(v.remedy).toBe('line 1: write listeners.tcp.local = :::5672')
    expect(found(v)[0]?.rule).toMatch(
      /^RabbitMQ's listeners\.tcp\.\*, a listen address \(rabbitmq\/rabbitmq-server deps\/rabbit\/priv\/schema\/rabbit\.schema/,
    )
    expect(rabbit('listeners.tcp.local = 0.0.0.0:5672\nlisteners.tcp.local_v6 = :::5672').ok).toBe(true)
  })

  test('rabbitmq.conf takes ::1:5672 as written (rabbitmq.conf.example), and refuses the bracketed form', () => {
    const brackets = (text: string) => one(configBrackets, '/etc/rabbitmq/rabbitmq.conf', 'ini', text)
    expect(brackets('listeners.tcp.local_v6 = ::1:5672').ok).toBe(true)
    const v = brackets('listeners.tcp.local_v6 = [::1]:5672')
    expect(v.ok).toBe(false)
    expect(v.remedy).toBe('line 1: write listeners.tcp.local_v6 = ::1:5672')
  })

  test("rabbitmq-env.conf's NODE_IP_ADDRESS (Debian 12: #NODE_IP_ADDRESS=127.0.0.1)", () => {
    const v = bindAny('/etc/rabbitmq/rabbitmq-env.conf', 'text', 'NODE_IP_ADDRESS=0.0.0.0\n')
    expect(v.remedy).toBe('line 1: write NODE_IP_ADDRESS=::')
    expect(found(v)[0]?.rule).toMatch(/^RabbitMQ's NODE_IP_ADDRESS, a listen address/)
  })

  test("my.cnf bind-address in [mysqld] (Debian 12's wsrep.cnf: bind-address=0.0.0.0); a list with :: passes", () => {
    const cnf = (text: string) => bindAny('/etc/mysql/mariadb.conf.d/60-galera.cnf', 'ini', text)
    const v = cnf('[mysqld]\n# Override bind-address\nbind-address=0.0.0.0\n')
    expect(v.ok).toBe(false)
    expect(v.remedy).toBe('line 3: write bind-address = ::')
    expect(found(v)[0]?.rule).toMatch(/^MySQL\/MariaDB's \[mysqld\] bind-address, a listen address/)
    expect(cnf('[mysqld]\nbind-address            = 127.0.0.1\n').ok).toBe(true)
    expect(cnf('[mariadb]\nbind-address = 0.0.0.0,::\n').ok).toBe(true)
  })

  test('Galera wsrep_node_address is given to the other nodes: a wildcard fails, and the fix is an address', () => {
    const v = bindAny('/etc/mysql/conf.d/galera.cnf', 'ini', '[galera]\nwsrep_node_address = 0.0.0.0\n')
    expect(v.ok).toBe(false)
    expect(v.observed).toContain('is also given to the other cluster nodes, for replication, IST and SST')
    expect(v.remedy).toBe("line 2: write wsrep_node_address = <this host's IPv6 address>")
  })

  test("HAProxy's bind names its entry", () => {
    const v = bindAny('/etc/haproxy/haproxy.cfg', 'haproxy', 'frontend keystone\n  bind *:5000\n')
    expect(found(v)[0]?.rule).toMatch(/^HAProxy's bind, a listen address \(HAProxy's configuration manual §4\.2 bind/)
  })
})
