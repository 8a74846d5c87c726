import { describe, expect, test } from 'vitest'
import { fail, pass } from '../../../lib/verdict.ts'
import { waiverFor, type Waiver } from '../../../lib/waivers.ts'

const finding = fail({ check: 'hosts.listeners.ipv6', subject: 'ctl1:5672', expected: 'e', observed: 'o', remedy: 'r' })
const w: Waiver = { check: 'hosts.listeners.ipv6', subject: 'ctl1:5672', reason: 'LP#1460177', expires: '2027-01-31' }

describe('waivers', () => {
  test('an active waiver covers a failing finding, through its last day', () => {
    expect(waiverFor(finding, [w], '2026-11-24')).toEqual({ state: 'active', waiver: w })
    expect(waiverFor(finding, [w], '2027-01-31').state).toBe('active')
  })
  test('past its date it has expired, so the finding fails again', () => {
    expect(waiverFor(finding, [w], '2027-02-01')).toEqual({ state: 'expired', waiver: w })
  })
  test('only the same check and subject; subjects may use *', () => {
    expect(waiverFor({ ...finding, subject: 'ctl1:5673' }, [w], '2026-11-24').state).toBe('none')
    expect(waiverFor({ ...finding, check: 'hosts.listeners.dual-stack' }, [w], '2026-11-24').state).toBe('none')
    expect(waiverFor({ ...finding, subject: 'ctl1:5673' }, [{ ...w, subject: 'ctl1:*' }], '2026-11-24').state).toBe(
      'active',
    )
  })
  test('a passing verdict needs no waiver', () => {
    expect(
      waiverFor(pass({ check: w.check, subject: w.subject, expected: 'e', observed: 'o' }), [w], '2026-11-24').state,
    ).toBe('none')
  })
})
