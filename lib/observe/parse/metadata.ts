// The metadata section (lib/observe/metadata-script.ts) → MetadataFacts, and the digest that keeps
// metadata bodies out of everything stored.
//
// A body arrives as `body=<hex>`. digestMetadata replaces it with `json=<valid|no-uuid|invalid>
// <bytes read> [<uuid>]` before the section is stored (observeHost), and parseMetadata digests
// first too, so no fact, verdict or report ever holds a body: meta_data.json can carry admin_pass,
// public keys and a random seed, and a config drive carries user data beside it.
import type {
  ConfigDrive,
  ConfigDriveMount,
  MetadataBody,
  MetadataFacts,
  MetadataFetch,
  NetworkData6,
  NetworkDataBody,
} from '../facts.ts'
import { expandIPv6 } from '../../net/index.ts'
import { canonicalAddress, excerpt, isRecord } from './util.ts'

const PARTS = ['env', 'config-drive', 'ipv4', 'ipv6'] as const
// network_data.json over the metadata service: absent from the output of older scripts.
const ND_PARTS = ['nd-ipv4', 'nd-ipv6'] as const
type Part = (typeof PARTS)[number] | (typeof ND_PARTS)[number]

// A uuid as Nova writes it; anything else in that field is not passed on, so it cannot carry text.
const UUID = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/

/** What a body is, without keeping it. */
export function digestBody(hex: string): MetadataBody {
  // An odd length or a stray character: the output was cut (maxBytes), so not a body we can read.
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return { read: Math.floor(hex.length / 2), json: 'invalid' }
  const bytes = Buffer.from(hex, 'hex')
  let v: unknown
  try {
    v = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { read: bytes.length, json: 'invalid' }
  }
  const uuid =
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>).uuid : undefined
  return typeof uuid === 'string' && UUID.test(uuid)
    ? { read: bytes.length, json: 'valid', uuid }
    : { read: bytes.length, json: 'no-uuid' }
}

const digestLine = (b: MetadataBody): string => `json=${b.json} ${b.read}${b.uuid ? ` ${b.uuid}` : ''}`

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/
const ND_TYPE = /^ipv6(_[a-z0-9-]{1,32})?$/

/** A netmask as Nova writes it (ffff:ffff:ffff:ffff::, or a length) as a prefix length; undefined when not contiguous. */
function prefixOf(mask: unknown): number | undefined {
  if (typeof mask === 'number' || (typeof mask === 'string' && /^\d{1,3}$/.test(mask)))
    return Number(mask) <= 128 ? Number(mask) : undefined
  const full = typeof mask === 'string' ? expandIPv6(mask) : undefined
  if (!full) return undefined
  const bits = full
    .split(':')
    .map((g) => parseInt(g, 16).toString(2).padStart(16, '0'))
    .join('')
  return /^1*0*$/.test(bits) ? bits.replace(/0+$/, '').length : undefined
}

/**
 * What network_data.json says about IPv6, without keeping the body: per IPv6 network, the MAC of its
 * link, its type and its fixed address. Anything that does not fit those shapes is dropped, so no
 * text from the body reaches a fact.
 */
export function digestNetworkData(hex: string): NetworkDataBody {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return { read: Math.floor(hex.length / 2), json: 'invalid', networks: [] }
  const bytes = Buffer.from(hex, 'hex')
  let v: unknown
  try {
    v = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { read: bytes.length, json: 'invalid', networks: [] }
  }
  if (!isRecord(v)) return { read: bytes.length, json: 'invalid', networks: [] }
  const macs = new Map<string, string>()
  for (const l of Array.isArray(v.links) ? v.links.filter(isRecord) : []) {
    const mac = String(l.ethernet_mac_address ?? l.vlan_mac_address ?? '').toLowerCase()
    if (typeof l.id === 'string' && MAC.test(mac)) macs.set(l.id, mac)
  }
  const networks: NetworkData6[] = []
  for (const n of Array.isArray(v.networks) ? v.networks.filter(isRecord) : []) {
    const mac = typeof n.link === 'string' ? macs.get(n.link) : undefined
    if (!mac || typeof n.type !== 'string' || !ND_TYPE.test(n.type)) continue
    const c = typeof n.ip_address === 'string' ? canonicalAddress(n.ip_address.replace(/\/\d+$/, '')) : undefined
    const len =
      typeof n.ip_address === 'string' && /\/\d+$/.test(n.ip_address)
        ? prefixOf(n.ip_address.split('/')[1])
        : prefixOf(n.netmask)
    networks.push({
      mac,
      type: n.type,
      ...(c?.family === 'inet6' ? { address: c.address, ...(len !== undefined ? { prefixlen: len } : {}) } : {}),
    })
  }
  return { read: bytes.length, json: 'valid', networks }
}

const ndLine = (b: NetworkDataBody): string =>
  `netdata=${b.json} ${b.read}${b.networks.map((n) => ` ${n.mac},${n.type}${n.address ? `,${n.address}/${n.prefixlen ?? ''}` : ''}`).join('')}`

/** The section with every body replaced by its digest; idempotent. Run before the section is stored. */
export function digestMetadata(raw: string): string {
  return raw
    .split('\n')
    .map((l) =>
      l.startsWith('body=')
        ? digestLine(digestBody(l.slice(5).trim()))
        : l.startsWith('ndbody=')
          ? ndLine(digestNetworkData(l.slice(7).trim()))
          : l,
    )
    .join('\n')
}

function parseNdDigest(value: string): NetworkDataBody {
  const [json = '', read = '', ...nets] = value.split(' ')
  const bad = () => new Error(`metadata: bad netdata line ${excerpt(value)}`)
  if ((json !== 'valid' && json !== 'invalid') || !/^\d+$/.test(read)) throw bad()
  const networks = nets.map((n): NetworkData6 => {
    const [mac = '', type = '', at, extra] = n.split(',')
    if (!MAC.test(mac) || !ND_TYPE.test(type) || extra !== undefined) throw bad()
    if (at === undefined) return { mac, type }
    const [addr = '', len = ''] = at.split('/')
    const c = canonicalAddress(addr)
    if (c?.family !== 'inet6' || !/^\d{0,3}$/.test(len)) throw bad()
    return { mac, type, address: c.address, ...(len ? { prefixlen: Number(len) } : {}) }
  })
  return { read: Number(read), json, networks }
}

function parseDigest(value: string): MetadataBody {
  const [json = '', read = '', uuid, extra] = value.split(' ')
  if (
    (json !== 'valid' && json !== 'no-uuid' && json !== 'invalid') ||
    !/^\d+$/.test(read) ||
    extra !== undefined ||
    (uuid !== undefined && !UUID.test(uuid))
  )
    throw new Error(`metadata: bad json line ${excerpt(value)}`)
  return { read: Number(read), json, ...(uuid ? { uuid } : {}) }
}

const int = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined)

/** `w=<http_code> <size_download> <time_total> <content_type>` from curl -w. */
function parseW(f: MetadataFetch, value: string): void {
  const [http, size, seconds, ...ctype] = value.trim().split(' ')
  const h = int(http)
  if (h !== undefined) f.http = h
  const s = int(size)
  if (s !== undefined) f.size = s
  if (seconds !== undefined && Number.isFinite(Number(seconds))) f.seconds = Number(seconds)
  if (ctype.join(' ').trim()) f.contentType = ctype.join(' ').trim()
}

export function parseMetadata(raw: string): MetadataFacts {
  const facts: MetadataFacts = {
    route6: '',
    route4: '',
    if6From: 'none',
    ipv4: { url: '' },
    ipv6: { url: '' },
    configDrive: { blkid: 'missing', byLabel: [], devices: [] },
  }
  const cd: ConfigDrive = facts.configDrive
  const seen = new Set<Part>()
  let part: Part | undefined
  let mount: ConfigDriveMount | undefined
  for (const line of digestMetadata(raw).split('\n')) {
    if (line.trim() === '') continue
    const header = /^@@([a-z0-9-]+)@@$/.exec(line)
    if (header) {
      const name = header[1] as Part
      if (!(PARTS as readonly string[]).includes(name) && !(ND_PARTS as readonly string[]).includes(name))
        throw new Error(`metadata: unknown part ${excerpt(line)}`)
      part = name
      if ((name === 'nd-ipv4' || name === 'nd-ipv6') && !facts.networkData)
        facts.networkData = { ipv4: { url: '' }, ipv6: { url: '' } }
      seen.add(name)
      mount = undefined
      continue
    }
    const kv = /^([a-z0-9_]+)=(.*)$/.exec(line)
    if (!kv || !part) throw new Error(`metadata: not the metadata script's output: ${excerpt(line)}`)
    const key = kv[1] ?? ''
    const value = (kv[2] ?? '').trim()
    if (part === 'env') {
      if (key === 'uid' && int(value) !== undefined) facts.uid = int(value)
      else if (key === 'curl' && value !== 'missing' && value !== '') facts.curl = value
      else if (key === 'route6') facts.route6 = value
      else if (key === 'route4') facts.route4 = value
      else if (key === 'if6' && value) facts.if6 = value
      else if (key === 'if6_from' && (value === 'default-route' || value === 'link-local' || value === 'none'))
        facts.if6From = value
    } else if (part === 'ipv4' || part === 'ipv6' || part === 'nd-ipv4' || part === 'nd-ipv6') {
      const f =
        part === 'nd-ipv4' ? facts.networkData!.ipv4 : part === 'nd-ipv6' ? facts.networkData!.ipv6 : facts[part]
      if (key === 'url') f.url = value
      else if (key === 'skip') f.skip = value
      else if (key === 'exit' && int(value) !== undefined) f.exit = int(value)
      else if (key === 'w') parseW(f, value)
      else if (key === 'err' && value) f.error = value
      else if (key === 'json') f.body = parseDigest(value)
      else if (key === 'netdata') f.networkData = parseNdDigest(value)
    } else {
      if (key === 'blkid_exit') cd.blkid = value === 'missing' ? 'missing' : (int(value) ?? 'missing')
      else if (key === 'blkid_err' && value) cd.blkidError = value
      else if (key === 'bylabel') cd.byLabel.push(value)
      else if (key === 'device') cd.devices.push({ device: value, mounts: [] })
      else if (key === 'mount') {
        const dev = cd.devices.at(-1)
        if (!dev) throw new Error(`metadata: a mount before any device: ${excerpt(line)}`)
        const [fstype = '', ...at] = value.split(' ')
        mount = { fstype, at: at.join(' '), file: { ok: false, error: 'not read' } }
        dev.mounts.push(mount)
      } else if (key === 'file' && mount) {
        const [state = '', ...rest] = value.split(' ')
        mount.file =
          state === 'readable'
            ? { ok: true, size: int(rest[0]) ?? 0 }
            : { ok: false, error: rest.join(' ') || 'unreadable' }
      } else if (key === 'json' && mount?.file.ok) mount.file.body = parseDigest(value)
      else if (key === 'ndfile' && mount) {
        const [state = '', ...rest] = value.split(' ')
        mount.networkData =
          state === 'readable'
            ? { ok: true, size: int(rest[0]) ?? 0 }
            : { ok: false, error: rest.join(' ') || 'unreadable' }
      } else if (key === 'netdata' && mount?.networkData?.ok) mount.networkData.body = parseNdDigest(value)
    }
  }
  // A part that never started: the script was cut short, and "nothing found" would be a guess.
  const missing = PARTS.filter((p) => !seen.has(p))
  if (missing.length) throw new Error(`metadata: no ${missing.join(', ')} part (the script was cut short?)`)
  return facts
}
