// A Keystone on ::1 that issues the fake Neutron's token and lists it in the catalog as the
// network service, so that the CLI runs the overlay suite end to end on this machine.
import { serveHttp, type Served } from '../http/servers.ts'

export const FAKE_PASSWORD = 'fake-keystone-password'

export async function fakeKeystone(networkUrl: string, token: string): Promise<Served & { url: string }> {
  const endpoints = (url: string) => ['public', 'internal', 'admin'].map((i) => ({ id: i, interface: i, region_id: 'RegionOne', region: 'RegionOne', url }))
  const served = await serveHttp('::1', (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const ok = req.method === 'POST' && req.url === '/v3/auth/tokens' && body.includes(FAKE_PASSWORD)
      if (!ok) return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }))
      const catalog = [
        { type: 'identity', name: 'keystone', endpoints: endpoints(`http://[::1]:${served.port}/v3`) },
        { type: 'network', name: 'neutron', endpoints: endpoints(networkUrl) },
      ]
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': token }).end(JSON.stringify({ token: { expires_at: '2099-01-01T00:00:00.000000Z', catalog } }))
    })
  })
  return Object.assign(served, { url: `http://[::1]:${served.port}/v3` })
}
