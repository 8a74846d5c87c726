// A host the targets file names by an ssh_config alias (HostName gives its address; DNS does not
// know the name), as the lab's app.lab.test is: its listeners are probed at the address its SSH
// connection reached, not skipped for want of an AAAA. The SSH transport answers with a real capture;
// the probe is a real TCP connect to a real listener on ::1.
import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { fixture } from './fixtures.ts'

const ssh = vi.hoisted(() => ({ port: 0 }))

vi.mock('../../../lib/transport/ssh.ts', () => ({
  connectSsh: async () => ({
    label: 'fake ssh',
    peer: { address: '::1', port: ssh.port, family: 'IPv6', ms: 1 },
    async exec(_command: string, opts: { stdin?: string }) {
      const nonce = /@@v6ready:([a-z0-9]+):/.exec(opts.stdin ?? '')?.[1] ?? ''
      const stdout = fixture('full.debian12.root-with-id.txt').replaceAll('@@v6ready:fixture1:', `@@v6ready:${nonce}:`)
      return { code: 0, stdout, stderr: '', truncated: false, timedOut: false, durationMs: 1 }
    },
    async close() {},
  }),
}))

describe('observeHost: a host named by an ssh_config alias', () => {
  let exporter: Server
  let exporterPort = 0

  beforeAll(async () => {
    exporter = createServer((c) => c.destroy())
    await new Promise<void>((r) => exporter.listen(0, '::1', r))
    exporterPort = (exporter.address() as AddressInfo).port
    // The port SSH reached: another listener, which the connection itself stands for.
    ssh.port = exporterPort + 1
  })
  afterAll(() => new Promise<void>((r) => exporter.close(() => r())))

  test('each listener is probed at the IPv6 address the SSH connection reached; the SSH port is that connection', async () => {
    const { observeHost } = await import('../../../lib/observe/host.ts')
    const { host } = await import('../judge/view.ts')
    const o = await observeHost(
      host({
        name: 'app',
        // `.invalid` (RFC 6761): no resolver knows it, as no resolver knows an ssh_config alias.
        address: 'app.alias.invalid',
        listeners: {
          auto: false,
          expected: [
            { port: ssh.port, service: 'sshd' },
            { port: exporterPort, service: 'exporter' },
          ],
        },
        ssh: { identity: [], known_hosts: [], command_timeout: 30, keepalive: 5 },
      }),
    )
    expect(o.ok).toBe(true)
    expect(o.probes).toEqual([
      { port: ssh.port, address: '::1', ok: true, ms: 1, family: 'IPv6', remoteAddress: '::1', via: 'ssh' },
      { port: exporterPort, address: '::1', ok: true, ms: expect.any(Number), family: 'IPv6', remoteAddress: '::1' },
    ])
  })
})
