// V6READY_LAB decides whether the project's own tests build the lab: a newcomer's root shell without
// the lab's packages skips it, saying why, rather than failing half-way through lab:up.
import { describe, expect, test } from 'vitest'
import { cannotBuild, labMode, labPlan } from '../../integration/lab/lab.ts'

describe('V6READY_LAB', () => {
  test('auto unless set; auto, skip and required are the values; anything else is an error', () => {
    expect(labMode(undefined)).toBe('auto')
    expect(labMode('')).toBe('auto')
    for (const v of ['auto', 'skip', 'required'] as const) expect(labMode(v)).toBe(v)
    expect(() => labMode('yes')).toThrow('V6READY_LAB=yes: want auto, skip or required')
  })

  test('auto builds the lab only where it can be built, and says why not', () => {
    expect(labPlan('auto', () => undefined)).toEqual({ run: true })
    expect(labPlan('auto', () => 'the lab needs root')).toEqual({
      run: false,
      why: 'the lab needs root (V6READY_LAB=auto)',
    })
  })

  test('skip never builds it, even as root with every package; required runs to fail where it cannot be built', () => {
    expect(labPlan('skip', () => undefined)).toEqual({ run: false, why: 'V6READY_LAB=skip' })
    expect(labPlan('required', () => 'the lab needs root')).toEqual({ run: true, why: 'the lab needs root' })
    expect(labPlan('required', () => undefined)).toEqual({ run: true })
  })

  test('it can be built as root with every tool; not without root, nor with a package missing', () => {
    expect(cannotBuild(0, () => [])).toBeUndefined()
    expect(cannotBuild(1000, () => [])).toBe('the lab needs root (network namespaces, veth, mounts)')
    expect(cannotBuild(0, () => ['dnsmasq', 'neutron-server'])).toBe(
      'the lab needs these tools, which .ci/run installs: dnsmasq, neutron-server',
    )
  })
})
