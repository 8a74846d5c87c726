// npm run bench:ip-num: where v6ready does address arithmetic with ip-num and where by hand, and
// why (docs/performance.md, "ip-num"). Times the calls the judges make in bulk (an address in a
// prefix, the class of an address: every DNS answer and every address a host holds) both ways, on
// the same inputs, and checks that both give the same answers; then shows what ip-num does with
// the text forms the strict parsers refuse or print differently.
import { IPv6, IPv6CidrRange } from 'ip-num'
import { canonicalIPv6, classifyIPv6, expandIPv6, inPrefix, prefixContains } from '../lib/net/index.ts'

const N = 100_000
const addresses = Array.from(
  { length: N },
  (_, i) => `2001:db8:${(i % 4096).toString(16)}::${((i * 7919) % 65536).toString(16)}`,
)
const prefix = '2001:db8:800::/37'

function time(label: string, f: () => number): { label: string; ms: number; hits: number } {
  f() // warm up: both paths compiled before they are timed
  const t0 = performance.now()
  const hits = f()
  return { label, ms: performance.now() - t0, hits }
}

const range = IPv6CidrRange.fromCidr(prefix)
const rows = [
  time('inPrefix, by hand (BigInt shift)', () => addresses.filter((a) => inPrefix(a, prefix)).length),
  time(
    'inPrefix, ip-num (IPv6CidrRange.contains)',
    () => addresses.filter((a) => range.contains(IPv6.fromString(a))).length,
  ),
  time(
    'classifyIPv6, by hand (11 prefixes)',
    () => addresses.filter((a) => classifyIPv6(a) === 'documentation').length,
  ),
  time('classifyIPv6, ip-num (11 ranges)', () => {
    const nets = [
      '::/128',
      '::1/128',
      '::ffff:0:0/96',
      'fe80::/10',
      'fc00::/7',
      '2001:db8::/32',
      '3fff::/20',
      '2001::/32',
      '2002::/16',
      'ff00::/8',
      '2000::/3',
    ].map((c) => IPv6CidrRange.fromCidr(expandIPv6(c.split('/')[0]!) + '/' + c.split('/')[1]))
    return addresses.filter((a) => {
      const ip = IPv6.fromString(a)
      return nets.findIndex((n) => n.contains(ip)) === 5
    }).length
  }),
  time(
    'prefixContains (ip-num), every prefix new',
    () => addresses.filter((a) => prefixContains(prefix, `${a}/128`)).length,
  ),
  // As the container judges call it: a host's few on-link prefixes against each other, again and again.
  time(
    'prefixContains (ip-num), 16 prefixes repeated',
    () => addresses.filter((_, i) => prefixContains(prefix, `2001:db8:${(i % 16).toString(16)}00::/40`)).length,
  ),
]
const us = (r: { ms: number }) => ((1000 * r.ms) / N).toFixed(2)
console.log(`${N.toLocaleString('en')} addresses, node ${process.version}`)
for (const r of rows)
  console.log(
    `  ${r.label.padEnd(46)} ${r.ms.toFixed(0).padStart(6)} ms  ${us(r).padStart(6)} µs each  (${r.hits} hits)`,
  )
if (rows[0]!.hits !== rows[1]!.hits || rows[2]!.hits !== rows[3]!.hits) throw new Error('the two ways disagree')

console.log('\nText ip-num takes or prints otherwise than the strict parsers:')
for (const t of ['fe80::1%eth0', '::ffff:1.2.3.4', '2001:db8::1', '2001:db8:0:0:1:0:0:1', '::1.2.3.4']) {
  let out: string
  try {
    out = IPv6.fromString(t).toString()
  } catch (e) {
    out = `throws: ${(e as Error).message}`
  }
  console.log(`  ${t.padEnd(24)} ip-num ${out.padEnd(32)} RFC 5952 (ipaddr.js) ${canonicalIPv6(t) ?? 'refused'}`)
}
