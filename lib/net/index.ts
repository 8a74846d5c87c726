// IPv6 address text, EUI-64, host:port and URL authorities: pure functions.
export * from './addr.ts'
export * from './arith.ts'
export * from './dialable.ts'
export * from './eui64.ts'
export * from './hostport.ts'
