// The containers section (parts-script.ts CONTAINER_PARTS) → ContainerFacts: daemon.json as dockerd
// reads it, the IPv6 NAT rules as both tools list them, and the neighbour tables. A part that is
// missing or failed comes back as its parser's state or error, in words.
import type { ContainerFacts } from '../facts.ts'
import { CONTAINER_PARTS } from '../parts-script.ts'
import { parseDaemonJson, parseDockerdVersion } from './docker-daemon.ts'
import { parseIp6tablesNat, parseNftNat, readNat } from './nat6.ts'
import { neighFromPart } from './neigh.ts'
import { partOf, type Part } from './parts.ts'

export function containerFacts(parts: readonly Part[]): ContainerFacts {
  const { daemonJson, ip6tablesNat, nft, neigh, proxyNeigh, dockerdVersion } = CONTAINER_PARTS
  return {
    daemon: { path: daemonJson, json: parseDaemonJson(partOf(parts, daemonJson)) },
    dockerd: parseDockerdVersion(partOf(parts, dockerdVersion), dockerdVersion),
    nat: {
      // Saved rules are lines, so the first megabyte of a cut ip6tables-save still shows the rules in it.
      ip6tables: {
        command: ip6tablesNat,
        read: readNat(partOf(parts, ip6tablesNat), ip6tablesNat, parseIp6tablesNat, true),
      },
      nft: { command: nft, read: readNat(partOf(parts, nft), nft, parseNftNat) },
    },
    neigh: neighFromPart(partOf(parts, neigh), neigh),
    proxyNeigh: neighFromPart(partOf(parts, proxyNeigh), proxyNeigh),
  }
}
