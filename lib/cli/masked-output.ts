// The process's own stdout and stderr pass the secrets the run holds through maskKnown: whatever
// prints (Vitest's reporters, an error from a library, a stack), a password or token it would show
// verbatim comes out as `***`. The reports are masked as data before they are encoded; this is the
// same guarantee for the text no writer of ours formats.
import { maskKnown } from '../secrets/known.ts'

let installed = false

export function maskProcessOutput(): void {
  if (installed) return
  installed = true
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      if (typeof chunk === 'string') return write(maskKnown(chunk), ...rest)
      if (chunk instanceof Uint8Array) {
        // Decoded only to look: an unchanged chunk goes out as the bytes it was, split characters and all.
        const text = Buffer.from(chunk).toString('utf8')
        const masked = maskKnown(text)
        if (masked !== text) return write(masked, ...rest)
      }
      return write(chunk, ...rest)
    }) as typeof stream.write
  }
}
