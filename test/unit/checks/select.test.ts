import { describe, expect, test } from 'vitest'
import { CATALOG } from '../../../lib/checks/catalog.ts'
import { ALL, globMatch, isSelected, parseListFile } from '../../../lib/checks/select.ts'

describe('check selection', () => {
  test('every catalogued ID has the suite.topic.name shape, a remedy and a rationale', () => {
    for (const c of CATALOG) {
      // docs/design.md §5 names one check with two parts only: overlay.bulk.
      expect(c.id).toMatch(
        c.id === 'overlay.bulk' ? /^overlay\.bulk$/ : /^(underlay|overlay|hosts)\.[a-z0-9-]+\.[a-z0-9-]+$/,
      )
      expect(c.id.startsWith(`${c.suite}.`)).toBe(true)
      expect(c.fix.length).toBeGreaterThan(10)
      expect(c.why.length).toBeGreaterThan(10)
    }
    expect(new Set(CATALOG.map((c) => c.id)).size).toBe(CATALOG.length)
  })

  test('the underlay checks of docs/design.md §5 are catalogued first (report order: underlay, overlay, hosts), tagged as the design says', () => {
    const underlay = CATALOG.filter((c) => c.suite === 'underlay')
    expect(underlay.map((c) => c.id)).toEqual([
      'underlay.dns.aaaa',
      'underlay.dns.no-orphan-a',
      'underlay.dns.aaaa-scope',
      'underlay.dns.resolver-v6',
      'underlay.dns.consistent',
      'underlay.dns.reverse',
      'underlay.endpoint.tcp-v6',
      'underlay.endpoint.http-v6',
      'underlay.endpoint.tls',
      'underlay.endpoint.parity',
      'underlay.endpoint.url-format',
      'underlay.catalog.ipv6-only',
      'underlay.catalog.reachable',
    ])
    expect(CATALOG.slice(0, underlay.length)).toEqual(underlay)
    expect(underlay.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual([
      'underlay.dns.aaaa',
      'underlay.endpoint.tcp-v6',
      'underlay.catalog.ipv6-only',
    ])
    expect(underlay.filter((c) => c.tags.includes('security')).map((c) => c.id)).toEqual(['underlay.endpoint.tls'])
  })

  test('globs match across dots, and only whole IDs', () => {
    expect(globMatch('hosts.sysctl.*', 'hosts.sysctl.accept-ra')).toBe(true)
    expect(globMatch('hosts.*', 'hosts.sysctl.accept-ra')).toBe(true)
    expect(globMatch('hosts.sysctl', 'hosts.sysctl.accept-ra')).toBe(false)
    expect(globMatch('hosts.addr.?ad', 'hosts.addr.dad')).toBe(true)
  })

  test('suite, check, tag, include and exclude all narrow the run', () => {
    expect(isSelected('hosts.sysctl.accept-ra', ALL)).toBe(true)
    expect(isSelected('hosts.sysctl.accept-ra', { ...ALL, suites: ['underlay'] })).toBe(false)
    expect(isSelected('hosts.reach.ssh', { ...ALL, tags: ['smoke'] })).toBe(true)
    expect(isSelected('hosts.sysctl.accept-ra', { ...ALL, tags: ['smoke'] })).toBe(false)
    expect(isSelected('hosts.sysctl.accept-ra', { ...ALL, include: ['hosts.addr.*'] })).toBe(false)
    expect(isSelected('hosts.sysctl.accept-ra', { ...ALL, exclude: ['hosts.sysctl.*'] })).toBe(false)
  })

  test('list files hold one glob per line with # comments', () => {
    expect(parseListFile('# smoke only\nhosts.reach.ssh\n\nhosts.addr.*  # addresses\n')).toEqual([
      'hosts.reach.ssh',
      'hosts.addr.*',
    ])
  })
})
