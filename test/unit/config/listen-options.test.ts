// The listen-option table as data: every entry names its source, lookups go by format, section and
// file, and the services the issue lists are all there.
import { describe, expect, test } from 'vitest'
import { LISTEN_OPTIONS, LISTEN_SERVICES, listenOption } from '../../../lib/config/listen-options.ts'

describe('the listen-option table', () => {
  test('every entry names where it is defined, and what its value means', () => {
    for (const o of LISTEN_OPTIONS) {
      expect(o.source.length, o.key).toBeGreaterThan(10)
      expect(o.files.length > 0 || o.anyFile, `${o.service} ${o.key}: no file names it`).toBe(true)
    }
  })

  test('the services of an OpenStack cloud are known', () => {
    const known = LISTEN_SERVICES.join('\n')
    for (const s of [
      'nova-api',
      'nova-novncproxy',
      'neutron-server',
      'glance-api',
      'cinder-api',
      'octavia-api',
      'ironic-api',
      'heat-api',
      'keystone',
      'placement',
      'memcached',
      'RabbitMQ',
      'MySQL',
      'Galera',
      'Apache',
      'HAProxy',
    ])
      expect(known).toContain(s)
  })

  test('by section: [vnc] and [spice] server_listen are entries, another section is not', () => {
    expect(listenOption('ini', 'server_listen', 'vnc')?.source).toContain('nova/conf/vnc.py')
    expect(listenOption('ini', 'server_listen', 'spice')?.source).toContain('nova/conf/spice.py')
    expect(listenOption('ini', 'server_listen', 'other')).toBeUndefined()
  })

  test("by file where the key alone is ambiguous: [DEFAULT] host in nova.conf, not in an unknown app's file", () => {
    expect(listenOption('ini', 'host', 'DEFAULT', '/etc/nova/nova.conf')?.means).toBe('not-address')
    expect(listenOption('ini', 'host', 'DEFAULT', '/etc/myapp/app.conf')).toBeUndefined()
    expect(listenOption('ini', 'bind_host', 'DEFAULT', '/etc/neutron/neutron.conf')?.service).toBe('neutron-server')
    expect(listenOption('ini', 'bind_host', 'DEFAULT', '/etc/glance/glance-api.conf')?.service).toBe('glance-api')
  })

  test("keys as the service reads them: my.cnf's bind_address is bind-address; listeners.tcp.<name>; Apache's listen in any case", () => {
    expect(listenOption('ini', 'bind_address', 'mysqld')?.key).toBe('bind-address')
    expect(listenOption('ini', 'bind-address', 'mariadb-10.11')?.key).toBe('bind-address')
    expect(listenOption('ini', 'listeners.tcp.local_v6', 'DEFAULT', '/etc/rabbitmq/rabbitmq.conf')?.value).toBe(
      'last-colon',
    )
    expect(listenOption('text', 'LISTEN')?.service).toMatch(/^Apache/)
  })
})
