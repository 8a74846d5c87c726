// Network conditions are data, not exceptions: every probe failure becomes a { code, message }.

export interface ProbeError {
  /** A system code (`ECONNREFUSED`), an OpenSSL verify code (`CERT_HAS_EXPIRED`), a Node or undici
   *  code (`ERR_TLS_CERT_ALTNAME_INVALID`), ours (`ERR_NOT_IPV6`, `ERR_IPV4_USED`), or `timeout` / `aborted`. */
  code: string
  message: string
}

export type CodedError = Error & { code: string }

export function failure(code: string, message: string): CodedError {
  return Object.assign(new Error(message), { code })
}

export function toProbeError(e: unknown): ProbeError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code
    return { code: typeof code === 'string' ? code : e.name, message: e.message }
  }
  return { code: 'ERROR', message: String(e) }
}

/**
 * One deadline for a whole probe: an exact timer (undici's own timeouts tick at ~0.5 s, docs/libraries.md §7),
 * the caller's signal, and `stop()` for our own clean-up.
 */
export interface Deadline {
  signal: AbortSignal
  /** What to report once `signal` has fired. */
  error(): CodedError
  stop(): void
}

export function deadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const timer = AbortSignal.timeout(timeoutMs)
  const own = new AbortController()
  const signal = AbortSignal.any(outer ? [timer, outer, own.signal] : [timer, own.signal])
  // Which one fired first decides the report: a late stop() doesn't turn a timeout into an abort.
  const classify = () =>
    timer.aborted
      ? failure('timeout', `no complete answer within ${timeoutMs} ms`)
      : failure('aborted', 'aborted before the probe finished')
  let fired: CodedError | undefined
  signal.addEventListener('abort', () => (fired = classify()), { once: true })
  return { signal, error: () => fired ?? classify(), stop: () => own.abort() }
}
