// What the runner hands the suites (through Vitest's provide/inject): everything they judge.
import type { Selection } from './checks/select.ts'
import type { Observations } from './observe/record.ts'

export interface RunContext {
  observations: Observations
  select: Selection
}

declare module 'vitest' {
  interface ProvidedContext {
    run: RunContext
  }
}
