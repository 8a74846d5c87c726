// A peer's certificate chain as plain data, for observations.json and the TLS judge.
import type { DetailedPeerCertificate } from 'node:tls'
import { canonicalIPv6, isIPv4 } from '../net/index.ts'

export interface SubjectAltNames {
  dns: string[]
  /** IPv6 in RFC 5952 text (Node prints `0:0:0:0:0:0:0:1`), IPv4 dotted quad. */
  ip: string[]
}

export interface CertInfo {
  /** `O=v6ready lab, CN=api.lab.test` */
  subject: string
  issuer: string
  sans: SubjectAltNames
  /** ISO 8601. */
  validFrom: string
  validTo: string
  /** Colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint256: string
  serialNumber: string
  isCA: boolean
}

type Name = Record<string, string | string[] | undefined>

function formatName(name: Name | undefined): string {
  if (!name) return ''
  return Object.entries(name)
    .filter((e): e is [string, string | string[]] => e[1] !== undefined)
    .map(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${x}`).join(', ') : `${k}=${v}`))
    .join(', ')
}

/**
 * Node's `subjectaltname` text: `DNS:a, IP Address:0:0:0:0:0:0:0:1`. Since the CVE-2021-44532 fix a
 * value with a comma, quote or other special character is a JSON string (`DNS:"a, b"`).
 */
export function parseSubjectAltName(text: string | undefined): SubjectAltNames {
  const out: SubjectAltNames = { dns: [], ip: [] }
  let i = 0
  const s = text ?? ''
  while (i < s.length) {
    const colon = s.indexOf(':', i)
    if (colon < 0) break
    const type = s.slice(i, colon)
    let value: string
    let next: number
    if (s[colon + 1] === '"') {
      let j = colon + 2
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1
      try {
        value = JSON.parse(s.slice(colon + 1, j + 1)) as string
      } catch {
        value = s.slice(colon + 2, j)
      }
      next = s.indexOf(', ', j + 1)
    } else {
      next = s.indexOf(', ', colon + 1)
      value = s.slice(colon + 1, next < 0 ? s.length : next)
    }
    if (type === 'DNS') out.dns.push(value)
    else if (type === 'IP Address') out.ip.push(isIPv4(value) ? value : (canonicalIPv6(value) ?? value))
    if (next < 0) break
    i = next + 2
  }
  return out
}

const iso = (date: string) => {
  const t = new Date(date)
  return Number.isNaN(t.getTime()) ? date : t.toISOString()
}

export function certInfo(c: DetailedPeerCertificate): CertInfo {
  return {
    subject: formatName(c.subject as Name | undefined),
    issuer: formatName(c.issuer as Name | undefined),
    sans: parseSubjectAltName(c.subjectaltname),
    validFrom: iso(c.valid_from),
    validTo: iso(c.valid_to),
    fingerprint256: c.fingerprint256,
    serialNumber: c.serialNumber,
    isCA: c.ca === true,
  }
}

/**
 * Leaf first, then each issuer. On a verified connection this is the path OpenSSL built, so it ends
 * with the trust anchor from `ca`; unverified, it is what the peer sent. A self-signed certificate
 * is its own issuer, which ends the walk.
 */
export function certChain(peer: DetailedPeerCertificate | undefined): CertInfo[] {
  const chain: CertInfo[] = []
  const seen = new Set<string>()
  for (let c = peer; c && c.fingerprint256 && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256)
    chain.push(certInfo(c))
  }
  return chain
}
