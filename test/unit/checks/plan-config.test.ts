// `v6ready list`: the config checks plan one test per named file, expanded only for style: expanded.
import { expect, test } from 'vitest'
import { plan } from '../../../lib/checks/plan.ts'
import { ALL } from '../../../lib/checks/select.ts'
import { localTarget } from '../../../lib/targets/resolve.ts'
import { host } from '../judge/view.ts'

test('config checks: a subject per file the host names', () => {
  const t = localTarget()
  t.hosts = [
    host({
      name: 'ctl',
      configs: [
        { path: '/etc/nova/nova.conf', format: 'ini' },
        { path: '/srv/bosh/cloud-config.yml', format: 'yaml', style: 'expanded' },
      ],
    }),
    host({ name: 'cmp' }),
  ]
  const subjects = Object.fromEntries(plan(t, { ...ALL, checks: ['hosts.config.*'] }).map((p) => [p.check, p.subjects]))
  expect(subjects).toEqual({
    'hosts.config.brackets': ['ctl:/etc/nova/nova.conf', 'ctl:/srv/bosh/cloud-config.yml'],
    'hosts.config.bind-any': ['ctl:/etc/nova/nova.conf', 'ctl:/srv/bosh/cloud-config.yml'],
    'hosts.config.expanded': ['ctl:/srv/bosh/cloud-config.yml'],
    // One per host with an ini file: Neutron's settings may span several of them.
    'hosts.config.overlay-mtu': ['ctl'],
  })
})

test('overlay checks: their fixed subjects, only for a target with an overlay section', () => {
  const t = localTarget()
  const overlay = () => Object.fromEntries(plan(t, { ...ALL, suites: ['overlay'] }).map((p) => [p.check, p.subjects]))
  expect(Object.values(overlay()).flat()).toEqual([])
  t.openstack = {
    auth_url: 'https://[2001:db8::15]:5000/v3',
    username: 'admin',
    password: 'x',
    project: 'admin',
    overlay: { enabled: true, cidr: '2001:db8:100::/48' },
  }
  const s = overlay()
  expect(Object.keys(s)).toHaveLength(11)
  expect(s['overlay.subnet.invalid-modes']).toHaveLength(6)
  expect(s['overlay.port.eui64']).toEqual(['slaac', 'dhcpv6-stateless', 'none+slaac', 'none+dhcpv6-stateless', 'none'])
  expect(Object.values(s).flat()).toHaveLength(56)
})
