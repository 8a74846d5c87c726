// /etc/docker/daemon.json as the containers section read it (`cat`), for the hosts.container.* judges.
// Pure and total: whatever the host printed comes back as a state with the reason in words.
import { parseCidr, prefixNetwork } from '../../net/index.ts'
import type { DaemonJson, DockerdVersion, FixedCidrV6 } from '../facts.ts'
import type { Part } from './parts.ts'
import { excerpt } from './util.ts'

export function parseDaemonJson(part: Part | undefined): DaemonJson {
  if (!part) return { state: 'unreadable', note: 'daemon.json is not in the observation (cut short?)' }
  if (part.truncated) return { state: 'unreadable', note: 'daemon.json is bigger than the observation reads' }
  if (part.exit !== 0) {
    if (/No such file or directory/.test(part.text)) return { state: 'absent', note: part.text.trim() }
    return { state: 'unreadable', note: `cat exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
  }
  // dockerd takes a blank file as no settings (moby daemon/config getConflictFreeConfiguration: TrimSpace, len 0).
  if (part.text.trim() === '') return { state: 'ok', settings: {}, text: part.text, fixedCidrV6: fixedCidrV6({}) }
  let value: unknown
  try {
    value = JSON.parse(part.text)
  } catch (e) {
    return { state: 'invalid', note: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`, text: part.text }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      state: 'invalid',
      note: `a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}, not an object`,
      text: part.text,
    }
  const settings = value as Record<string, unknown>
  return { state: 'ok', settings, text: part.text, fixedCidrV6: fixedCidrV6(settings) }
}

/** The "fixed-cidr-v6" setting as dockerd would read it; `why` says what is wrong with it. */
export function fixedCidrV6(settings: Record<string, unknown>): FixedCidrV6 {
  const raw = settings['fixed-cidr-v6']
  if (raw === undefined) return { ok: false, why: 'no "fixed-cidr-v6"' }
  if (typeof raw !== 'string') return { ok: false, why: `"fixed-cidr-v6" is ${JSON.stringify(raw)}, not a string` }
  const c = parseCidr(raw.trim())
  if (!c) return { ok: false, why: `"fixed-cidr-v6" ${JSON.stringify(raw)} is not an address/length prefix` }
  if (c.family !== 6) return { ok: false, why: `"fixed-cidr-v6" ${JSON.stringify(raw)} is an IPv4 prefix` }
  const prefix = prefixNetwork(`${c.address}/${c.prefixlen}`)
  return prefix
    ? { ok: true, written: raw, prefix, prefixlen: c.prefixlen }
    : { ok: false, why: `"fixed-cidr-v6" ${JSON.stringify(raw)} is not a prefix` }
}

/**
 * `dockerd --version`: "Docker version 20.10.24+dfsg1, build 5d6db84" (Debian 12's docker.io),
 * "Docker version 28.1.1, build 01f442b" (Docker's packages). Only major.minor is judged.
 */
export function parseDockerdVersion(part: Part | undefined, label: string): DockerdVersion {
  if (!part) return { state: 'failed', reason: `${label}: not in the observation (cut short?)` }
  if (part.exit === 127) return { state: 'missing', reason: `${label}: no dockerd (${excerpt(part.text)})` }
  if (part.exit !== 0) return { state: 'failed', reason: `${label} exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
  const m = /^Docker version (v?(\d+)\.(\d+)[^\s,]*)/m.exec(part.text)
  if (!m) return { state: 'failed', reason: `${label}: no "Docker version" in ${excerpt(part.text)}` }
  return { state: 'ok', version: m[1] ?? '', major: Number(m[2]), minor: Number(m[3]), text: part.text.trim() }
}
