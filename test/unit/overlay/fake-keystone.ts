// A Keystone on ::1 that issues the fake Neutron's token and lists it in the catalog as the
// network service, so that the CLI runs the overlay suite end to end on this machine. `faults`
// make it fail as a broken Keystone does (the reliability tests, issue 7).
import { serveHttp, type Served } from '../http/servers.ts'

export const FAKE_PASSWORD = 'fake-keystone-password'

export interface KeystoneFaults {
  /** Every request is answered with this status and Keystone's own error document (500: an unexpected exception). */
  status?: number
  /** Requests are read and never answered: every WSGI worker is stuck. */
  stall?: boolean
}

/** The titles Keystone's error documents carry (keystone.exception), for the statuses a test asks for. */
const TITLES: Record<number, [string, string]> = {
  500: ['Internal Server Error', 'An unexpected error prevented the server from fulfilling your request.'],
  503: ['Service Unavailable', 'The service is unavailable.'],
}

export async function fakeKeystone(
  networkUrl: string,
  token: string,
  faults: KeystoneFaults = {},
): Promise<Served & { url: string; faults: KeystoneFaults }> {
  const endpoints = (url: string) =>
    ['public', 'internal', 'admin'].map((i) => ({
      id: i,
      interface: i,
      region_id: 'RegionOne',
      region: 'RegionOne',
      url,
    }))
  const served = await serveHttp('::1', (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (faults.stall) return
      if (faults.status !== undefined) {
        const [title, message] = TITLES[faults.status] ?? ['Error', `HTTP ${faults.status}`]
        return res
          .writeHead(faults.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: faults.status, title, message } }))
      }
      const ok = req.method === 'POST' && req.url === '/v3/auth/tokens' && body.includes(FAKE_PASSWORD)
      if (!ok)
        return res.writeHead(401, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: {
              code: 401,
              title: 'Unauthorized',
              message: 'The request you have made requires authentication.',
            },
          }),
        )
      const catalog = [
        { type: 'identity', name: 'keystone', endpoints: endpoints(`http://[::1]:${served.port}/v3`) },
        { type: 'network', name: 'neutron', endpoints: endpoints(networkUrl) },
      ]
      res
        .writeHead(201, { 'content-type': 'application/json', 'x-subject-token': token })
        .end(JSON.stringify({ token: { expires_at: '2099-01-01T00:00:00.000000Z', catalog } }))
    })
  })
  return Object.assign(served, { url: `http://[::1]:${served.port}/v3`, faults })
}
