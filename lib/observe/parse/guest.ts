// The guest section (parts-script.ts GUEST_FILES) → GuestFacts: the network configuration files
// through parse/netconf/, the DHCPv6 lease files through parse/dhcp-lease.ts.
import type { GuestFacts } from '../facts.ts'
import { currentLeases, leaseFiles } from './dhcp-lease.ts'
import { parseNetconf } from './netconf/index.ts'
import type { Part } from './parts.ts'

export function guestFacts(parts: readonly Part[]): GuestFacts {
  const files = leaseFiles(parts)
  const named = [...new Set(files.flatMap((f) => f.leases.map((l) => l.interface)))]
  return {
    netconf: parseNetconf(parts),
    leaseFiles: files,
    currentLeases: named.flatMap((i) => currentLeases(files, i)),
  }
}
