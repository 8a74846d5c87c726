// observeHost on this machine (the local transport, the real script under sh): what the targets file
// asks of a host reaches its one observation. path_mtu gives the pathmtu section, pinging ::1 for
// real; ini files give the ovs section (empty here, where ovs-vsctl is not installed).
import { spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { observeHost } from '../../../lib/observe/host.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { host } from '../judge/view.ts'

const IPUTILS_PING = /iputils/.test(spawnSync('ping', ['-V'], { encoding: 'utf8' }).stdout ?? '')
const HAS_OVS_VSCTL = spawnSync('sh', ['-c', 'command -v ovs-vsctl']).status === 0

describe('observeHost: the sections a host asks for', () => {
  test('a host without path_mtu or ini files gets neither section', async () => {
    const o = await observeHost(host({ name: 'here', transport: 'local' }))
    expect(o.ok).toBe(true)
    expect(Object.keys(o.sections)).not.toContain('pathmtu')
    expect(Object.keys(o.sections)).not.toContain('ovs')
  })

  test.runIf(IPUTILS_PING)(
    "path_mtu: ::1 pinged at 1280 and at lo's MTU, both answered (where ping is iputils)",
    async () => {
      const o = await observeHost(
        host({
          name: 'here',
          transport: 'local',
          path_mtu: { router: false, peers: [{ name: '::1', address: '::1' }] },
        }),
      )
      const f = parseHostFacts(o.sections).pathMtu
      if (!f.ok) throw new Error(f.error)
      expect(f.value.pairs).toMatchObject([
        {
          kind: 'peer',
          address: '::1',
          dev: 'lo',
          state: 'ok',
          small: { state: 'ok', result: { size: 1280, received: 2 } },
          full: { state: 'ok', result: { received: 2 } },
        },
      ])
    },
  )

  test.runIf(!HAS_OVS_VSCTL)(
    'ini files: the ovs section, empty without ovs-vsctl (where it is not installed)',
    async () => {
      const o = await observeHost(
        host({ name: 'here', transport: 'local', configs: [{ path: '/nonexistent/ml2_conf.ini', format: 'ini' }] }),
      )
      expect(o.sections.ovs).toBe('')
      expect(parseHostFacts(o.sections).ovn).toEqual({ ok: true, value: { state: 'absent' } })
    },
  )
})
