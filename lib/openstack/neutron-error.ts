// Neutron's answers as data: every call made (for evidence), and every error as method, URL,
// status and Neutron's own {"NeutronError": {type, message, detail}}. No token is ever part of
// either: it travels in a header, and URLs never carry it.

/** One request, as evidence shows it: `POST http://[2001:db8::11]:9696/v2.0/subnets → 400 (12 ms)`. */
export interface ApiCall {
  method: string
  url: string
  /** Absent when no HTTP answer came (refused, timeout). */
  status?: number
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
  const squeezed = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)
  return { message: squeezed || `HTTP ${status} with an empty body` }
}

/** `400 InvalidInput: Invalid input for operation: ...`, or `ECONNREFUSED: connect ...` when no answer came. */
export function showError(e: NeutronApiError): string {
  const head = [e.status, e.type].filter((x) => x !== undefined).join(' ')
  return `${head ? `${head}: ` : ''}${e.message}${e.detail ? ` (${e.detail})` : ''}`
}

export const showCall = (c: ApiCall): string => `${c.method} ${c.url} → ${c.status ?? 'no answer'} (${c.ms} ms)`
