// The targets loader, URLs and host:port under mutated and random input: a result, or a clear
// error (for the loader, a TargetsError naming file:line), never a crash or a hang.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseCidr, parseHostPort, parseIPv6, parseUrlAuthority } from '../../../lib/net/index.ts'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { mutated, RUNS, timed } from './mutate.ts'

const EXAMPLE = readFileSync(new URL('../../../targets.example.yaml', import.meta.url), 'utf8')
const URLS = [
  'https://[2001:db8::15]:5000/v3',
  'http://[fe80::1%25eth0]:80/',
  'http://2001:db8::1:80/',
  'https://keystone.lab1.example.net/v3',
  'http://198.51.100.11:5000/v3',
  'http://[::ffff:198.51.100.11]/',
  'https://[2001:db8:0:1:0:0:0:11]:9443/v3',
  'ftp://[::1]/',
]
const HOSTPORTS = [
  '[2001:db8::1]:5672',
  '2001:db8::1',
  '[fe80::1%eth0]:22',
  'ctl1:22',
  '198.51.100.1:53',
  '2001:db8::1:80',
  '[::]:0',
]

describe('inputs under mutation', () => {
  test('the targets loader: a target set, or a TargetsError with file:line', () => {
    // ${VAR} in the example must resolve; an unset one is itself a clear error, so give it one.
    const env = { OS_PASSWORD: 'x', SSH_KEY_PASSPHRASE: 'y' }
    expect(
      Object.keys(loadTargetsText(EXAMPLE, 'fuzz.yaml', { env }).targets).length,
      'the unmutated example loads',
    ).toBeGreaterThan(0)
    fc.assert(
      fc.property(mutated([EXAMPLE]), (text) =>
        timed(() => {
          try {
            loadTargetsText(text, 'fuzz.yaml', { env })
          } catch (e) {
            if (!(e instanceof TargetsError)) throw e
            expect(e.message).toMatch(/fuzz\.yaml/)
          }
        }),
      ),
      { numRuns: RUNS },
    )
  })

  test('URLs (RFC 3986 authorities with IPv6 literals and zones)', () => {
    fc.assert(
      fc.property(mutated(URLS), (u) => timed(() => parseUrlAuthority(u))),
      { numRuns: RUNS },
    )
  })

  test('host:port, addresses and prefixes', () => {
    fc.assert(
      fc.property(mutated(HOSTPORTS), (h) =>
        timed(() => {
          parseHostPort(h)
          parseIPv6(h)
          parseCidr(h)
        }),
      ),
      { numRuns: RUNS },
    )
  })
})
