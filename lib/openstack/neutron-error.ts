// Neutron's answers as data: every call made (for evidence), and every error as method, URL,
// status and Neutron's own {"NeutronError": {type, message, detail}}. No token is ever part of
// either: it travels in a header, and URLs never carry it.

/** One request, as evidence shows it: `POST http://[2001:db8::11]:9696/v2.0/subnets → 400 (12 ms)`. */
export interface ApiCall {
  method: string
  url: string
  /** Absent when no HTTP answer came (refused, timeout). */
  status?: number
  /** Why no answer came: `timeout` (openstack.timeout passed), or a socket code (`ECONNREFUSED`). */
  error?: string
  ms: number
}

export interface NeutronApiError {
  method: string
  url: string
  status?: number
  /** NeutronError.type (`InvalidInput`, `PolicyNotAuthorized`, `IpAddressAlreadyAllocated`), a socket
   *  code (`ECONNREFUSED`, `timeout`) when no answer came, or `BadResponse` for an answer we can't read. */
  type?: string
  message: string
  detail?: string
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/**
 * The error document of a non-2xx answer. Neutron's API layer writes
 * `{"NeutronError": {"type", "message", "detail"}}`; keystonemiddleware's 401 writes
 * `{"error": {"code", "title", "message"}}`; webob's own pages carry `message` and `title`; a proxy
 * may answer with HTML. Whatever it is, one line comes out.
 */
export function parseNeutronError(status: number, body: string): { type?: string; message: string; detail?: string } {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch {
    doc = undefined
  }
  if (isObj(doc)) {
    const ne = doc.NeutronError
    if (isObj(ne)) {
      const type = text(ne.type)
      const detail = text(ne.detail)
      return { ...(type && { type }), message: text(ne.message) ?? `HTTP ${status}`, ...(detail && { detail }) }
    }
    // Older servers put the message straight under NeutronError.
    if (text(ne)) return { message: ne as string }
    const e = isObj(doc.error) ? doc.error : doc
    const message = text(e.message)
    if (message) {
      const type = text(e.title) ?? text(e.type)
      return { ...(type && { type: type.replace(/\s+/g, '') }), message: message.replace(/(<br \/>|\s)+/g, ' ').trim() }
    }
  }
  const squeezed = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
  return { message: squeezed || `HTTP ${status} with an empty body` }
}

/** `400 InvalidInput: Invalid input for operation: ...`, or `ECONNREFUSED: connect ...` when no answer came. */
export function showError(e: NeutronApiError): string {
  const head = [e.status, e.type].filter((x) => x !== undefined).join(' ')
  return `${head ? `${head}: ` : ''}${e.message}${e.detail ? ` (${e.detail})` : ''}`
}

export const showCall = (c: ApiCall): string =>
  `${c.method} ${c.url} → ${c.status ?? `no answer${c.error ? `: ${c.error}` : ''}`} (${c.ms} ms)`

const NOUNS: Record<string, [string, string]> = {
  networks: ['network', 'networks'],
  subnets: ['subnet', 'subnets'],
  ports: ['port', 'ports'],
  routers: ['router', 'routers'],
  'security-groups': ['security group', 'security groups'],
  'security-group-rules': ['security group rule', 'security group rules'],
}

/** What a request asks, in words (`show the port 8c1…`, `add an interface to the router 5f0…`), for a call no step names. */
export function requestWhat(method: string, url: string): string {
  const path = /\/v2\.0\/([^?]*)/.exec(url)?.[1] ?? ''
  const [coll = '', id, sub] = path.split('/')
  const [one, many] = NOUNS[coll] ?? [coll, coll]
  if (coll === 'extensions') return 'list its extensions'
  if (id === undefined || id === '') return method === 'POST' ? `create a ${one}` : `list ${many}`
  if (sub === 'add_router_interface') return `add an interface to the router ${id}`
  if (sub === 'remove_router_interface') return `remove an interface from the router ${id}`
  if (sub === 'tags') return `tag the ${one} ${id}`
  const verb = { GET: 'show', PUT: 'update', DELETE: 'delete' }[method] ?? method
  return `${verb} the ${one} ${id}`
}
