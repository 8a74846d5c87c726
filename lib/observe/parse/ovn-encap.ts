// The ovs section (parts-script.ts ovsScript) → OvnEncap. Pure. `ovs-vsctl --if-exists get` prints
// one line per key: an OVSDB string, quoted as JSON when it is not a bare word
// (`"2001:db8:2::5"`, `geneve`), an empty line for a key that is not set
// (test/fixtures/observe/overlay-mtu/capture-ovs.sh). A key may hold a comma list.
import type { OvnEncap } from '../facts.ts'
import { OVS_PARTS } from '../parts-script.ts'
import { partOf, type Part } from './parts.ts'
import { excerpt } from './util.ts'

function ovsdbString(line: string): string {
  const t = line.trim()
  // A shortcut: JSON.parse of a bare word throws or gives a non-string, and both return t, so dropping
  // the test, endsWith or '' change nothing (`if (true)` would, and the quoted fixtures catch it).
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: equivalent, as above
  if (!t.startsWith('"')) return t
  try {
    const v: unknown = JSON.parse(t)
    // Text that starts with '"' parses to a string or throws: `true ? v : t` is equivalent.
    // Stryker disable next-line ConditionalExpression: equivalent, as above (the fixtures catch `false`)
    return typeof v === 'string' ? v : t
  } catch {
    return t
  }
}

const list = (line: string | undefined): string[] =>
  ovsdbString(line ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

export function ovnEncap(parts: readonly Part[]): OvnEncap {
  const command = OVS_PARTS.encap
  const part = partOf(parts, command)
  if (!part) return { state: 'absent' }
  if (part.truncated || part.exit !== 0) {
    const reason = `${command} exited ${part.exit ?? '?'}: ${excerpt(part.text, 200)}`
    // The socket is root's (mode 0750 at most): "database connection failed (Permission denied)".
    return { state: /database connection failed \(Permission denied\)/.test(part.text) ? 'not-root' : 'failed', reason }
  }
  const [ip, type] = part.text.split('\n')
  return { state: 'ok', command, ips: list(ip), types: list(type).map((t) => t.toLowerCase()) }
}
