// Judge of whether a host was reached and fully observed.
import type { HostObservation } from '../observe/record.ts'
import type { TransportErrorKind } from '../transport/types.ts'
import { fail, pass, type Verdict } from '../verdict.ts'
import { REACH_SSH } from '../checks/hosts/reach.ts'
import { judgeObservation } from './judged.ts'

const NOT_REACHED = 'check that sshd listens on that address and port, the route to it, and the credentials'

/** A host that never gave a session, by how the connection failed (lib/transport/types.ts). */
const NEVER_REACHED: Partial<Record<TransportErrorKind, string>> = {
  // A RST came back: the route works and no credential was tried yet.
  refused:
    'check that sshd runs and listens on that address and port (ssh.port), and that no firewall rejects the connection',
  timeout:
    'check that sshd answers on that port (not stopped, hung or overloaded, and that the port is SSH at all) and that no firewall drops the packets; the handshake must finish within ssh.timeout',
  unreachable:
    "check the runner's routes to that address, and the address in the targets file (a link-local address needs its zone, e.g. fe80::1%eth0)",
  dns: "fix the host's name in the targets file or its AAAA record, or give its address instead",
  closed:
    "sshd closed the connection before the session was ready: check sshd's log on the host (MaxStartups, AllowUsers, a rule that denies the runner's address) and the path to it",
  auth: 'put the public key in ~/.ssh/authorized_keys of ssh.user on the host, or set ssh.user, ssh.identity or ssh.agent to ones it accepts',
  key: 'check the ssh.identity path and that the file is a private key, and ssh.passphrase if it is encrypted',
  'hostkey-mismatch': 'verify the new host key out of band, then update known_hosts; never accept it blindly',
  'hostkey-unknown':
    "check the host's key out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), then add it to known_hosts; v6ready never learns keys",
  // The message names the file and line, or the keyword v6ready will not run (docs/ssh.md).
  config:
    'fix the ssh_config the message names (ssh -G HOST shows how OpenSSH reads it), or set ssh.ssh_config: false for this host',
  // The message names the user, the host and the sudoers rule (lib/observe/become.ts).
  privilege: 'give the SSH user a NOPASSWD sudo rule for `sh -s` on the host (docs/ssh.md), or remove ssh.become',
}

/** A host that was reached and then lost while its observation ran. */
const LOST: Partial<Record<TransportErrorKind, string>> = {
  timeout:
    'the host stopped answering during the observation: check its load and memory (the OOM killer in dmesg, swapping), whether it froze or rebooted, and that the network path to it holds; v6ready gives up after 3 keepalives ssh.keepalive seconds apart go unanswered, so raise ssh.keepalive for a slow path',
  closed:
    "sshd or the host went away during the observation: check sshd's log and its ClientAliveInterval, ClientAliveCountMax and MaxSessions, the OOM killer (dmesg), whether the host rebooted, and that the network path to it holds",
}

/** The observation ran but stopped early for no reason that we know of (the shell died, the script failed). */
const INCOMPLETE =
  'run the observation script by hand on the host (v6ready explain hosts.reach.ssh) and look at its stderr'

const FIND_CUT =
  "the host's entry in observations.json holds the sections read before the cut, so the command after them is the one to run by hand on the host"

/** Was the host lost after it was reached? observations.json files older than `lostIn` hold only the transport's words. */
function lostDuringObservation(o: HostObservation): boolean {
  if (o.lostIn) return o.lostIn === 'observe'
  return /no answer to \d+ keepalives|while a command was running/.test(o.error ?? '')
}

function remedyNotObserved(o: HostObservation): string {
  const kind = o.errorKind as TransportErrorKind | undefined
  if (kind === undefined) return NOT_REACHED
  return (lostDuringObservation(o) ? LOST[kind] : undefined) ?? NEVER_REACHED[kind] ?? NOT_REACHED
}

/** 16777216 → "16 MiB". */
export function byteSize(n: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const)
    if (n >= size && n % size === 0) return `${n / size} ${unit}`
  return `${n} bytes`
}

/** How the observation fell short, and what to do about it; undefined when it did not. */
function shortfall(o: HostObservation): { observed: string; remedy: string } | undefined {
  // Older observations.json files have no limits: the bounds are then named without their values.
  const bound = o.limits
  const time = `${o.transport === 'ssh' ? 'ssh.command_timeout' : 'its time bound'}${bound ? ` (${bound.timeoutMs / 1000} s)` : ''}`
  const size = `its ${bound ? `${byteSize(bound.maxBytes)} ` : ''}size bound`
  if (o.truncated)
    return {
      observed: `the observation output was cut at ${size}${o.timedOut ? `, and it did not finish within ${time}` : ''}`,
      remedy: `find what prints so much: ${FIND_CUT}`,
    }
  if (o.timedOut)
    return {
      observed: `the observation did not finish within ${time}`,
      remedy: `find what hangs: ${FIND_CUT}${o.transport === 'ssh' ? '; if the host is only slow, raise ssh.command_timeout' : ''}`,
    }
  if (!o.complete)
    return {
      observed: `the observation stopped early (exit ${o.exitCode ?? 'unknown'}${o.stderr ? `: ${o.stderr.trim().split('\n')[0]}` : ''})`,
      remedy: INCOMPLETE,
    }
  return undefined
}

const joinEvidence = (...parts: (string | undefined)[]): { evidence?: string } => {
  const text = parts.filter((p) => p).join('\n')
  return text ? { evidence: text } : {}
}

export const reach = judgeObservation(REACH_SSH, (o: HostObservation): Verdict[] => {
  const check = REACH_SSH.id
  const via = o.transport === 'local' ? 'the local transport' : `SSH to ${o.address ?? o.name}`
  const base = {
    check,
    subject: o.name,
    expected: `observed through ${via}`,
    where: { host: o.name, ...(o.address ? { address: o.address } : {}) },
  }
  // What the run went on with but ssh would refuse (a key others can read): never a byte of a key.
  const warnings = (o.warnings ?? []).map((w) => `warning: ${w}`)
  if (!o.ok)
    return [
      fail({
        ...base,
        observed: `${o.errorKind ? `${o.errorKind}: ` : ''}${o.error ?? 'not reached'}`,
        remedy: remedyNotObserved(o),
        ...joinEvidence(...warnings),
      }),
    ]
  const short = shortfall(o)
  if (short) return [fail({ ...base, ...short, ...joinEvidence(o.stderr, ...warnings) })]
  // It still passes: the run went on, as a nightly run must. The warning rides in the verdict.
  const warned = warnings.length
    ? `, with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${(o.warnings ?? []).join('; ')}`
    : ''
  return [pass({ ...base, observed: `observed in ${o.durationMs} ms${warned}`, ...joinEvidence(...warnings) })]
})
