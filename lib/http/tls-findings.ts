// What the TLS judge needs from a recorded chain: does the leaf name the host, and how long until
// something in the chain expires. Pure: the chain and the clock come in as data.
import { isIPv4, parseIPv6, sameAddress } from '../net/index.ts'
import type { CertInfo } from './cert-chain.ts'

/** OpenSSL's verification failures (X509_V_ERR_* as Node names them) and Node's own name check. */
export const CERT_ERROR_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

export interface TlsFindingsOptions {
  /** As in the URL: a name, or an IP literal (brackets allowed). */
  host: string
  now: Date
  minDaysValid: number
}

export interface TlsFindings {
  /** The leaf's SANs cover the host. The subject CN is never used (RFC 6125 §6.4.4, CA/B BR 7.1.4.3). */
  sanCovers: boolean
  /** The SAN that matched, as `DNS:x` or `IP:x`. */
  matchedSan?: string
  /** Whole days until the first certificate of the chain expires; negative once expired. */
  daysLeft?: number
  /** The certificate that expires first. */
  expiresFirst?: { subject: string; validTo: string }
  expired: boolean
  notYetValid: boolean
  /** Valid now, but for fewer than `minDaysValid` days. */
  expiringSoon: boolean
  /** One sentence per problem, empty when all is well. */
  problems: string[]
}

const DAY = 86_400_000

/** RFC 6125 §6.4.3: case-insensitive; a wildcard only as the whole leftmost label, matching one label. */
export function dnsNameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '')
  const h = host.toLowerCase().replace(/\.$/, '')
  if (!p.startsWith('*.')) return p === h
  const rest = p.slice(2)
  // `*.com` would cover a whole TLD; like Node, ask for at least two labels after the wildcard.
  if (rest.split('.').length < 2 || rest.includes('*')) return false
  const dot = h.indexOf('.')
  return dot > 0 && h.slice(dot + 1) === rest
}

function sanMatch(leaf: CertInfo, host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  // IP hosts only match IP SANs, compared as addresses: `0:0::1` is `::1` (RFC 5952 §3).
  if (parseIPv6(bare) || isIPv4(bare)) {
    const ip = leaf.sans.ip.find((a) => sameAddress(a, bare.replace(/%.*$/, '')))
    return ip === undefined ? undefined : `IP:${ip}`
  }
  const dns = leaf.sans.dns.find((p) => dnsNameMatches(p, bare))
  return dns === undefined ? undefined : `DNS:${dns}`
}

export function tlsFindings(chain: readonly CertInfo[], o: TlsFindingsOptions): TlsFindings {
  const leaf = chain[0]
  if (!leaf)
    return {
      sanCovers: false,
      expired: false,
      notYetValid: false,
      expiringSoon: false,
      problems: ['no certificate was recorded'],
    }
  const problems: string[] = []
  const matched = sanMatch(leaf, o.host)
  if (matched === undefined) {
    const sans = [...leaf.sans.dns.map((n) => `DNS:${n}`), ...leaf.sans.ip.map((a) => `IP:${a}`)]
    problems.push(`the certificate's SANs (${sans.join(', ') || 'none'}) do not cover ${o.host}`)
  }
  const now = o.now.getTime()
  const soonest = chain.reduce((a, c) => (Date.parse(c.validTo) < Date.parse(a.validTo) ? c : a))
  const left = Date.parse(soonest.validTo) - now
  const daysLeft = Math.floor(left / DAY)
  const expired = left < 0
  const early = chain.find((c) => Date.parse(c.validFrom) > now)
  const expiringSoon = !expired && left < o.minDaysValid * DAY
  if (expired) problems.push(`${soonest.subject} expired on ${soonest.validTo}`)
  else if (expiringSoon)
    problems.push(
      `${soonest.subject} expires on ${soonest.validTo}, in ${daysLeft} days (fewer than ${o.minDaysValid})`,
    )
  if (early) problems.push(`${early.subject} is not valid before ${early.validFrom}`)
  return {
    sanCovers: matched !== undefined,
    ...(matched !== undefined && { matchedSan: matched }),
    daysLeft,
    expiresFirst: { subject: soonest.subject, validTo: soonest.validTo },
    expired,
    notYetValid: early !== undefined,
    expiringSoon,
    problems,
  }
}
