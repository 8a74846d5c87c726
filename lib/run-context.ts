// What the runner hands the suites (through Vitest's provide/inject): everything they judge, and
// for the overlay suite, which acts on Neutron itself, its session.
import type { Selection } from './checks/select.ts'
import type { Observations } from './observe/record.ts'
import type { OverlayState } from './overlay/session.ts'

export interface RunContext {
  observations: Observations
  select: Selection
  /** Absent when no overlay check is selected. Holds a token: never written to any file. */
  overlay?: OverlayState
}

declare module 'vitest' {
  interface ProvidedContext {
    run: RunContext
  }
}
