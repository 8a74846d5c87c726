// Judge of the instance metadata a guest can read: over IPv4, over IPv6 (link-local, as Neutron serves
// it since 17.0.0), from a config drive (labelled config-2, as cloud-init's ConfigDrive datasource
// finds it). Evidence holds statuses, sizes and the uuid only, never a body: bodies hold admin_pass
// and keys.
import type { ConfigDrive, MetadataBody, MetadataFacts, MetadataFetch } from '../observe/facts.ts'
import type { MetadataSource } from '../targets/schema.ts'
import { fail, pass, type Verdict } from '../verdict.ts'
import { needs, type HostView } from './host-view.ts'
import { METADATA_AVAILABLE } from '../checks/hosts/metadata.ts'
import { judgeFacts } from './judged.ts'

export type SourceName = 'ipv4' | 'ipv6' | 'config-drive'
const ALL: readonly SourceName[] = ['ipv4', 'ipv6', 'config-drive']

/** What one source gave: whether it counts, in words, and how to fix it when it does not. */
export interface SourceOutcome {
  source: SourceName
  works: boolean
  observed: string
  remedy?: string
}

export const allowedSources = (setting: MetadataSource): readonly SourceName[] => (setting === 'any' ? ALL : [setting])

const REMEDY = {
  ipv4: 'serve 169.254.169.254: a Neutron router on the subnet, or enable_isolated_metadata (force_metadata) on the DHCP agent, and the guest route to 169.254.169.254',
  ipv6: 'serve fe80::a9fe:a9fe (Neutron 17.0.0 and later, ML2/OVN 24.0.0 and later): a router on the subnet or enable_isolated_metadata, and IPv6 with a link-local address on the guest port',
  proxy:
    'the metadata proxy answers but not with meta_data.json: check neutron-metadata-agent (or the OVN metadata agent) and nova-api-metadata, whose logs name the failed instance lookup',
  curl: 'install curl on the guest (v6ready fetches the metadata with it, as cloud-init and Tempest do)',
  drive:
    'boot the instance with a config drive (openstack server create --config-drive true, or nova.conf force_config_drive)',
} as const

/** A body in words: counts only as JSON with a uuid. */
function bodyIs(b: MetadataBody | undefined, size: number | undefined, what: string): { ok: boolean; said: string } {
  if (!b || b.read === 0) return { ok: false, said: `${what} is empty` }
  if (b.json === 'valid') return { ok: true, said: `${size ?? b.read} bytes, uuid ${b.uuid}` }
  if (b.json === 'no-uuid')
    return { ok: false, said: `${what} is JSON without a uuid: not an OpenStack meta_data.json` }
  if (size !== undefined && size > b.read)
    return {
      ok: false,
      said: `${what} does not parse as JSON in the first ${b.read} of its ${size} bytes (v6ready reads 64 KiB)`,
    }
  return { ok: false, said: `${what} (${b.read} bytes) does not parse as JSON` }
}

const curlError = (f: MetadataFetch): string => (f.error ?? '').replace(/^curl: \(\d+\)\s*/, '')

export function fetchOutcome(source: 'ipv4' | 'ipv6', f: MetadataFetch, m: MetadataFacts): SourceOutcome {
  const net = source === 'ipv4' ? REMEDY.ipv4 : REMEDY.ipv6
  if (f.skip)
    return {
      source,
      works: false,
      observed: f.skip,
      remedy: m.curl === undefined && /curl/.test(f.skip) ? REMEDY.curl : net,
    }
  if (f.exit === 0 && f.http === 200) {
    const b = bodyIs(f.body, f.size, 'the body')
    return b.ok
      ? { source, works: true, observed: `HTTP 200, ${b.said}` }
      : { source, works: false, observed: `HTTP 200, but ${b.said}`, remedy: REMEDY.proxy }
  }
  if (f.exit === 0) {
    const ctype = f.contentType ? `, ${f.contentType}` : ''
    return {
      source,
      works: false,
      observed: `HTTP ${f.http ?? '?'} (${f.size ?? 0} bytes${ctype})`,
      remedy: REMEDY.proxy,
    }
  }
  const why = f.exit === 28 ? 'timed out' : f.exit === 7 ? 'could not connect' : `curl failed`
  // Where IPv4 has no route at all, say so: the fix is the route (DHCP option 121), not the proxy.
  const route = source === 'ipv4' && /unreachable/i.test(m.route4) ? ` (ip route get 169.254.169.254: ${m.route4})` : ''
  return {
    source,
    works: false,
    observed: `${why} (curl exit ${f.exit ?? '?'}: ${curlError(f) || 'no message'})${route}`,
    remedy: net,
  }
}

export function driveOutcome(cd: ConfigDrive, m: MetadataFacts): SourceOutcome {
  const source = 'config-drive'
  if (!cd.devices.length) {
    const blkid =
      cd.blkid === 'missing'
        ? 'blkid is not installed'
        : `blkid exit ${cd.blkid}${cd.blkidError ? `: ${cd.blkidError}` : ''}${m.uid !== undefined && m.uid !== 0 ? `, run as uid ${m.uid}: blkid needs root to read devices` : ''}`
    const asRoot = m.uid !== undefined && m.uid !== 0
    return {
      source,
      works: false,
      observed: `no device labelled config-2 (${blkid})`,
      remedy: asRoot
        ? 'observe the guest as root (blkid reads the block devices), or ' + REMEDY.drive
        : cd.blkid === 'missing'
          ? 'install blkid (util-linux), or ' + REMEDY.drive
          : REMEDY.drive,
    }
  }
  const said: string[] = []
  for (const d of cd.devices) {
    for (const mt of d.mounts) {
      const where = `${d.device} at ${mt.at}`
      if (!mt.file.ok) {
        said.push(`${where}: meta_data.json not readable (${mt.file.error})`)
        continue
      }
      const b = bodyIs(mt.file.body, mt.file.size, 'openstack/latest/meta_data.json')
      if (b.ok) return { source, works: true, observed: `${where}: ${b.said}` }
      said.push(`${where}: ${b.said}`)
    }
  }
  // cloud-init mounts the drive to read it and unmounts it after boot: an unmounted drive
  // labelled config-2 is what a working guest normally shows. Its content is not verified.
  const unmounted = cd.devices.find((d) => !d.mounts.length)
  if (unmounted)
    return {
      source,
      works: true,
      observed: `${unmounted.device} labelled config-2, not mounted (cloud-init mounts it to read it; content not read)`,
    }
  return {
    source,
    works: false,
    observed: said.join('; '),
    remedy:
      'the config drive is mounted but its openstack/latest/meta_data.json is missing or unreadable: rebuild it, or observe as a user that may read the mount',
  }
}

export function outcomes(m: MetadataFacts): SourceOutcome[] {
  return [fetchOutcome('ipv4', m.ipv4, m), fetchOutcome('ipv6', m.ipv6, m), driveOutcome(m.configDrive, m)]
}

const label = (s: SourceName, m: MetadataFacts): string =>
  s === 'ipv4'
    ? 'http://169.254.169.254'
    : s === 'ipv6'
      ? `http://[fe80::a9fe:a9fe%25${m.if6 ?? '<if>'}]`
      : 'a config drive labelled config-2'

export const metadataAvailable = judgeFacts(METADATA_AVAILABLE, (v: HostView): Verdict[] => {
  const check = METADATA_AVAILABLE.id
  const setting = v.host.metadata
  if (!setting) return []
  return needs(check, v, ['metadata'], () => {
    if (!v.facts.metadata.ok) return []
    const m = v.facts.metadata.value
    const allowed = allowedSources(setting)
    const all = outcomes(m)
    const mine = all.filter((o) => allowed.includes(o.source))
    const evidence = [
      ...all.map(
        (o) =>
          `${o.source}${allowed.includes(o.source) ? '' : ' (not allowed by the role)'}: ${o.works ? 'works, ' : ''}${o.observed}`,
      ),
      `IPv6 interface: ${m.if6 ?? 'none'} (${m.if6From}); ip -6 route show default: ${m.route6 || 'none'}`,
      `ip -4 route get 169.254.169.254: ${m.route4 || 'nothing'}; uid ${m.uid ?? '?'}`,
    ].join('\n')
    const base = {
      check,
      subject: v.host.name,
      expected: `meta_data.json (JSON with a uuid) from ${allowed.length > 1 ? 'at least one of ' : ''}${allowed.map((s) => label(s, m)).join(', ')}`,
      where: { host: v.host.name, ...(m.if6 ? { interface: m.if6 } : {}) },
      evidence,
    }
    const observed = mine.map((o) => `${o.source}: ${o.observed}`).join('; ')
    if (mine.some((o) => o.works)) return [pass({ ...base, observed })]
    // A source the role does not allow works: worth saying, since the fix may be the role.
    const others = all.filter((o) => o.works && !allowed.includes(o.source)).map((o) => o.source)
    const hint = others.length
      ? ` (${others.join(' and ')} ${others.length > 1 ? 'work' : 'works'}, but the role allows only ${allowed.join(', ')})`
      : ''
    const remedies = [...new Set(mine.map((o) => (mine.length > 1 ? `${o.source}: ${o.remedy}` : (o.remedy ?? ''))))]
    return [fail({ ...base, observed: `${observed}${hint}`, remedy: remedies.join('; ') })]
  })
})
