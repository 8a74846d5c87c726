// The lab's metadata service, as Neutron's metadata proxy presents it to a guest: one process,
// listening on 169.254.169.254:80 and [fe80::a9fe:a9fe%<if>]:80. The instance is found by the
// request's source address, so an unknown source gets 404, as from the real agent.
// Usage: metadata-server.ts <instances.json> <ifname>
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

interface Instance {
  name: string
  uuid: string
  addresses: string[]
  /** Its network_data.json, as Nova writes it (lab/network-data.ts). */
  networkData: unknown
}

const [file, ifname] = process.argv.slice(2)
if (!file || !ifname) throw new Error('usage: metadata-server.ts <instances.json> <ifname>')
const instances = JSON.parse(readFileSync(file, 'utf8')) as Instance[]

const plain = (a: string | undefined) =>
  (a ?? '')
    .replace(/^::ffff:/, '')
    .replace(/%.*$/, '')
    .toLowerCase()

function documents(i: Instance): Record<string, unknown> {
  const meta = {
    uuid: i.uuid,
    name: i.name,
    hostname: `${i.name}.lab.test`,
    availability_zone: 'nova',
    launch_index: 0,
  }
  return {
    '/openstack/latest/meta_data.json': meta,
    '/openstack/latest/network_data.json': i.networkData,
    '/openstack/latest/vendor_data.json': {},
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const who = plain(req.socket.remoteAddress)
  const instance = instances.find((i) => i.addresses.map(plain).includes(who))
  const doc = instance ? documents(instance)[(req.url ?? '').split('?')[0] ?? ''] : undefined
  if (req.url === '/openstack' || req.url === '/openstack/') {
    res.writeHead(instance ? 200 : 404, { 'content-type': 'text/plain' }).end(instance ? 'latest\n' : 'not found\n')
    return
  }
  if (doc === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`no metadata for ${who || 'unknown'}${req.url}\n`)
    return
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc))
}

for (const host of ['169.254.169.254', `fe80::a9fe:a9fe%${ifname}`]) {
  createServer(handle).listen({ host, port: 80 }, () => console.log(`metadata on ${host}:80`))
}
