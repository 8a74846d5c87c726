// `v6ready list`: the config checks plan one test per named file, expanded only for style: expanded.
import { expect, test } from 'vitest'
import { plan } from '../../../lib/checks/plan.ts'
import { ALL } from '../../../lib/checks/select.ts'
import { localTarget } from '../../../lib/targets/resolve.ts'
import { host } from '../judge/view.ts'

test('config checks: a subject per file the host names', () => {
  const t = localTarget()
  t.hosts = [
    host({ name: 'ctl', configs: [{ path: '/etc/nova/nova.conf', format: 'ini' }, { path: '/srv/bosh/cloud-config.yml', format: 'yaml', style: 'expanded' }] }),
    host({ name: 'cmp' }),
  ]
  const subjects = Object.fromEntries(plan(t, { ...ALL, checks: ['hosts.config.*'] }).map((p) => [p.check, p.subjects]))
  expect(subjects).toEqual({
    'hosts.config.brackets': ['ctl:/etc/nova/nova.conf', 'ctl:/srv/bosh/cloud-config.yml'],
    'hosts.config.bind-any': ['ctl:/etc/nova/nova.conf', 'ctl:/srv/bosh/cloud-config.yml'],
    'hosts.config.expanded': ['ctl:/srv/bosh/cloud-config.yml'],
  })
})
