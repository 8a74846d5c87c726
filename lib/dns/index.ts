// A DNS client that asks a target's resolvers directly over IPv6 and reports what they said.
export * from './types.ts'
export { query } from './query.ts'
export { resolveAll, type ResolveAllOptions } from './resolve-all.ts'
export { ptrName } from './ptr.ts'
export { nameKey, withoutRootDot } from './name.ts'
export { finalRecords, type Chain } from './chain.ts'
export { serverLabel } from './server.ts'
export { EDNS_UDP_SIZE } from './message.ts'
