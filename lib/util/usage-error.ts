// A mistake in what the user gave (a flag, a file): the CLI prints `v6ready: <message>` and exits 2.
// Here rather than in lib/cli so that the readers of input files (lib/report, lib/observe) can throw it.
export class UsageError extends Error {
  override name = 'UsageError'
}
