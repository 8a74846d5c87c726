// hosts.reach.ssh on observation records: what the failure says for each way a host is lost, the
// bound a cut observation hit, warnings on a pass, and records written before these fields existed.
import { describe, expect, test } from 'vitest'
import { byteSize, reach } from '../../../lib/judge/reach.ts'
import type { HostObservation } from '../../../lib/observe/record.ts'
import type { TransportErrorKind } from '../../../lib/transport/types.ts'
import type { Verdict } from '../../../lib/verdict.ts'

const MiB16 = 16 * 1024 * 1024
const who = 'ssh to ctl1 (stack@[2001:db8::11]:22)'

/** A record as lib/observe/host.ts writes it for an SSH host; `over` sets what a case is about. */
function record(over: Partial<HostObservation> = {}): HostObservation {
  return {
    name: 'ctl1',
    transport: 'ssh',
    address: '2001:db8::11',
    ok: true,
    startedAt: '2026-11-24T05:00:00.000Z',
    durationMs: 412,
    sections: {},
    complete: true,
    truncated: false,
    limits: { timeoutMs: 60_000, maxBytes: MiB16 },
    exitCode: 0,
    probes: [],
    ...over,
  }
}

/** A host that was not observed: the transport's kind and message, and where it was lost. */
const lost = (errorKind: TransportErrorKind, error: string, lostIn: 'connect' | 'observe'): HostObservation =>
  record({
    ok: false,
    errorKind,
    error: `${who}: ${error}`,
    lostIn,
    complete: false,
    sections: {},
    limits: undefined,
    exitCode: undefined,
  })

const one = (o: HostObservation): Verdict => {
  const vs = reach(o)
  expect(vs).toHaveLength(1)
  return vs[0]!
}

const LOOSE =
  'identity /home/ci/.ssh/id_ed25519 has mode 0644: its group or others can read the private key, and ssh would refuse it (chmod 600 /home/ci/.ssh/id_ed25519)'

describe('hosts.reach.ssh: a host that was observed', () => {
  test('passes with the time it took', () => {
    expect(one(record())).toEqual({
      check: 'hosts.reach.ssh',
      subject: 'ctl1',
      ok: true,
      expected: 'observed through SSH to 2001:db8::11',
      observed: 'observed in 412 ms',
      where: { host: 'ctl1', address: '2001:db8::11' },
    })
  })

  test('a warning (a key others can read) still passes, and is carried in observed and evidence', () => {
    const v = one(record({ warnings: [LOOSE] }))
    expect(v.ok).toBe(true)
    expect(v.observed).toBe(`observed in 412 ms, with a warning: ${LOOSE}`)
    expect(v.evidence).toBe(`warning: ${LOOSE}`)
    const two = one(record({ warnings: [LOOSE, 'another'] }))
    expect(two.observed).toBe(`observed in 412 ms, with 2 warnings: ${LOOSE}; another`)
    expect(two.evidence).toBe(`warning: ${LOOSE}\nwarning: another`)
  })

  test('a warning on a host that fails goes with the failure, as evidence', () => {
    const v = one({
      ...lost('auth', 'authentication failed (all configured methods were refused)', 'connect'),
      warnings: [LOOSE],
    })
    expect(v.ok).toBe(false)
    expect(v.evidence).toBe(`warning: ${LOOSE}`)
  })
})

describe('hosts.reach.ssh: an observation cut short names the bound it hit', () => {
  test('a command that hangs: did not finish within ssh.command_timeout (N s)', () => {
    const v = one(
      record({ complete: false, timedOut: true, exitCode: null, limits: { timeoutMs: 3000, maxBytes: MiB16 } }),
    )
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('the observation did not finish within ssh.command_timeout (3 s)')
    expect(v.remedy).toBe(
      "find what hangs: the host's entry in observations.json holds the sections read before the cut, so the command after them is the one to run by hand on the host; if the host is only slow, raise ssh.command_timeout",
    )
    expect(
      one(record({ complete: false, timedOut: true, limits: { timeoutMs: 2500, maxBytes: MiB16 } })).observed,
    ).toBe('the observation did not finish within ssh.command_timeout (2.5 s)')
  })

  test('the local transport has no ssh.command_timeout to name or raise', () => {
    const v = one(record({ transport: 'local', address: undefined, complete: false, timedOut: true, exitCode: null }))
    expect(v.expected).toBe('observed through the local transport')
    expect(v.observed).toBe('the observation did not finish within its time bound (60 s)')
    expect(v.remedy).not.toContain('ssh.command_timeout')
  })

  test('output past the size bound: cut at its 16 MiB size bound', () => {
    const v = one(record({ complete: false, truncated: true, exitCode: 0 }))
    expect(v.observed).toBe('the observation output was cut at its 16 MiB size bound')
    expect(v.remedy).toBe(
      "find what prints so much: the host's entry in observations.json holds the sections read before the cut, so the command after them is the one to run by hand on the host",
    )
  })

  test('output that never stops: cut at the size bound, and stopped at the time bound', () => {
    const v = one(
      record({
        complete: false,
        truncated: true,
        timedOut: true,
        exitCode: null,
        limits: { timeoutMs: 3000, maxBytes: MiB16 },
      }),
    )
    expect(v.observed).toBe(
      'the observation output was cut at its 16 MiB size bound, and it did not finish within ssh.command_timeout (3 s)',
    )
    expect(v.remedy).toMatch(/^find what prints so much: /)
  })

  test('stopped early for another reason: the exit code and the first line of stderr, stderr as evidence', () => {
    const v = one(record({ complete: false, exitCode: 127, stderr: 'sh: 1: ip: not found\nsh: 2: ss: not found\n' }))
    expect(v.observed).toBe('the observation stopped early (exit 127: sh: 1: ip: not found)')
    expect(v.remedy).toBe(
      'run the observation script by hand on the host (v6ready explain hosts.reach.ssh) and look at its stderr',
    )
    expect(v.evidence).toBe('sh: 1: ip: not found\nsh: 2: ss: not found\n')
  })

  test.for([
    [16 * 1024 * 1024, '16 MiB'],
    [1024 * 1024 * 1024, '1 GiB'],
    [4096, '4 KiB'],
    [1000, '1000 bytes'],
    [1024 * 1024 + 1, '1048577 bytes'],
  ] as const)('byteSize(%i) is "%s"', ([n, text]) => expect(byteSize(n)).toBe(text))
})

describe('hosts.reach.ssh: a host that was never reached gets the remedy for how it failed', () => {
  // The messages are the transport's (lib/transport/ssh.ts); each kind is a TransportErrorKind.
  test.for([
    [
      'refused',
      'connection refused',
      'check that sshd runs and listens on that address and port (ssh.port), and that no firewall rejects the connection',
    ],
    [
      'timeout',
      'Timed out while waiting for handshake',
      'check that sshd answers on that port (not stopped, hung or overloaded, and that the port is SSH at all) and that no firewall drops the packets; the handshake must finish within ssh.timeout',
    ],
    [
      'unreachable',
      'no route to host (EHOSTUNREACH)',
      "check the runner's routes to that address, and the address in the targets file (a link-local address needs its zone, e.g. fe80::1%eth0)",
    ],
    [
      'dns',
      'name does not resolve (ENOTFOUND)',
      "fix the host's name in the targets file or its AAAA record, or give its address instead",
    ],
    [
      'closed',
      'connection closed before it was ready',
      "sshd closed the connection before the session was ready: check sshd's log on the host (MaxStartups, AllowUsers, a rule that denies the runner's address) and the path to it",
    ],
    [
      'auth',
      'authentication failed (all configured methods were refused)',
      'put the public key in ~/.ssh/authorized_keys of ssh.user on the host, or set ssh.user, ssh.identity or ssh.agent to ones it accepts',
    ],
    [
      'key',
      'identity /home/ci/.ssh/id_ed25519: wrong passphrase (cannot decrypt it)',
      'check the ssh.identity path and that the file is a private key, and ssh.passphrase if it is encrypted',
    ],
    [
      'hostkey-mismatch',
      'HOST KEY MISMATCH: known_hosts expects SHA256:a (ssh-ed25519, kh:1) but the host offered SHA256:b (ssh-ed25519)',
      'verify the new host key out of band, then update known_hosts; never accept it blindly',
    ],
    [
      'hostkey-unknown',
      'host key unknown: no entry in kh; the host offered SHA256:b (ssh-ed25519). Keys are never learned: add it after checking it out of band.',
      "check the host's key out of band (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), then add it to known_hosts; v6ready never learns keys",
    ],
    [
      'protocol',
      'Unsupported algorithm',
      'check that sshd listens on that address and port, the route to it, and the credentials',
    ],
  ] as const)('%s', ([kind, message, remedy]) => {
    const v = one(lost(kind, message, 'connect'))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(`${kind}: ${who}: ${message}`)
    expect(v.remedy).toBe(remedy)
  })

  test("an error that is not the transport's (no kind) gets the general remedy", () => {
    const v = one(record({ ok: false, error: 'cannot read ssh config /nope: ENOENT', complete: false }))
    expect(v.observed).toBe('cannot read ssh config /nope: ENOENT')
    expect(v.remedy).toBe('check that sshd listens on that address and port, the route to it, and the credentials')
  })
})

describe('hosts.reach.ssh: a host reached, then lost during the observation', () => {
  const KEEPALIVE =
    'the host stopped answering during the observation: check its load and memory (the OOM killer in dmesg, swapping), whether it froze or rebooted, and that the network path to it holds; v6ready gives up after 3 keepalives ssh.keepalive seconds apart go unanswered, so raise ssh.keepalive for a slow path'
  const CLOSED =
    "sshd or the host went away during the observation: check sshd's log and its ClientAliveInterval, ClientAliveCountMax and MaxSessions, the OOM killer (dmesg), whether the host rebooted, and that the network path to it holds"

  test('keepalives unanswered: a remedy about the host and the path, not about sshd listening', () => {
    const v = one(lost('timeout', 'no answer to 3 keepalives 1000 ms apart, connection presumed dead', 'observe'))
    expect(v.observed).toBe(`timeout: ${who}: no answer to 3 keepalives 1000 ms apart, connection presumed dead`)
    expect(v.remedy).toBe(KEEPALIVE)
  })

  test('the connection closed while a command was running: a remedy about sshd and the host going away', () => {
    const v = one(
      lost('closed', 'connection closed while a command was running (sshd or the host went away)', 'observe'),
    )
    expect(v.remedy).toBe(CLOSED)
  })

  test('other kinds lost during the observation keep their own remedy', () => {
    expect(one(lost('protocol', 'Unexpected packet', 'observe')).remedy).toBe(
      'check that sshd listens on that address and port, the route to it, and the credentials',
    )
  })

  test("records written before lostIn existed: the transport's words tell a host lost mid-observation", () => {
    const old = (kind: TransportErrorKind, error: string) => {
      const { lostIn: _, ...o } = lost(kind, error, 'observe')
      return o
    }
    expect(one(old('timeout', 'no answer to 3 keepalives 5000 ms apart, connection presumed dead')).remedy).toBe(
      KEEPALIVE,
    )
    expect(
      one(old('closed', 'connection closed while a command was running (sshd or the host went away)')).remedy,
    ).toBe(CLOSED)
    expect(one(old('timeout', 'Timed out while waiting for handshake')).remedy).toMatch(
      /^check that sshd answers on that port/,
    )
  })
})

describe('hosts.reach.ssh: replaying observations.json written before timedOut, limits and warnings', () => {
  // The hang and flood hosts of test/faults/hosts.test.ts, as the previous version recorded them.
  const before = (over: Partial<HostObservation>): HostObservation => {
    const { limits: _, ...o } = record(over)
    return o
  }

  test('a hung command reads as before: stopped early, exit unknown', () => {
    const v = one(before({ complete: false, exitCode: null }))
    expect(v.observed).toBe('the observation stopped early (exit unknown)')
    expect(v.remedy).toBe(
      'run the observation script by hand on the host (v6ready explain hosts.reach.ssh) and look at its stderr',
    )
  })

  test('a cut output names its bound without a size', () => {
    expect(one(before({ complete: false, truncated: true })).observed).toBe(
      'the observation output was cut at its size bound',
    )
  })

  test('timedOut without limits names the setting without a value', () => {
    expect(one(before({ complete: false, timedOut: true, exitCode: null })).observed).toBe(
      'the observation did not finish within ssh.command_timeout',
    )
  })

  test('a pass is a pass, with no evidence', () => {
    const v = one(before({}))
    expect(v).toMatchObject({ ok: true, observed: 'observed in 412 ms' })
    expect(v).not.toHaveProperty('evidence')
  })
})
