// Probes over IPv6 only (principle 3): TCP connect, HTTP(S) with the peer chain, and the TLS findings.
export * from './cert-chain.ts'
export * from './connect6.ts'
export * from './http-probe.ts'
export * from './probe-error.ts'
export * from './tcp-probe.ts'
export * from './tls-findings.ts'
