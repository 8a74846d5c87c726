// The one-line failure message Jenkins shows.
import { describe, expect, test } from 'vitest'
import { fail, failureLine, pass } from '../../lib/verdict.ts'

const base = { check: 'overlay.network.crud', subject: 'session', expected: 'a token' }

describe('failureLine', () => {
  test('an observation that ends its own sentence gets no second period before the remedy', () => {
    const line = failureLine(fail({ ...base, observed: 'Keystone said: the request failed.', remedy: 'read its log' }))
    expect(line).toBe('session: expected a token, observed Keystone said: the request failed. Fix: read its log')
  })

  test('an ellipsis, or an observation with no remedy after it, is kept as written', () => {
    expect(failureLine(fail({ ...base, observed: 'it went on...', remedy: 'wait' }))).toBe(
      'session: expected a token, observed it went on.... Fix: wait',
    )
    expect(failureLine(pass({ ...base, observed: 'done.' }))).toBe('session: expected a token, observed done.')
  })

  test('an observation without a period gets one before the remedy', () => {
    expect(failureLine(fail({ ...base, observed: '500', remedy: 'read its log' }))).toBe(
      'session: expected a token, observed 500. Fix: read its log',
    )
  })
})
