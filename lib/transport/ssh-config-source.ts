// Where one host's ssh_config comes from: `ssh -G` where the OpenSSH client is installed (it resolves
// Include, Match and tokens exactly as the operator's own ssh), else the fallback (ssh-config.ts).
// The I/O edge of the ssh_config part: the rest is pure.
import { readdirSync, readFileSync } from 'node:fs'
import { homedir, hostname, userInfo } from 'node:os'
import { parseSshG, type SshConfigDump } from './ssh-config-dump.ts'
import { CommandShell } from './ssh-g-shell.ts'
import { resolveSshConfigFallback, type FallbackEnv, type SshConfigSource, type SshQuery } from './ssh-config.ts'

export type { SshConfigSource, SshQuery }

export interface SshConfigLookup {
  dump: SshConfigDump
  via: 'ssh -G' | 'fallback'
  /** What the fallback could not do as ssh would (Match exec...). */
  notes: string[]
}

/** The targets file's `ssh_config`: absent or true reads OpenSSH's own files, false none, a path that file alone (ssh -F). */
export function configSource(v: boolean | string | undefined): SshConfigSource {
  if (v === false) return { kind: 'none' }
  if (typeof v === 'string') return { kind: 'file', path: v }
  return { kind: 'default' }
}

/**
 * `ssh -G` for one host. Values go in as argv entries, never through a shell, and `--` ends the
 * options, so no host or user can pass for a flag. `-o CanonicalizeHostname=no` keeps ssh from
 * resolving the name (the only network access -G can make); v6ready does not canonicalise either.
 * The -p and -l values are the targets file's own, so they win over the config, as on ssh's command
 * line, and its tokens (%p, %r) expand with them.
 */
export function sshGArgs(source: SshConfigSource, q: SshQuery): string[] {
  return [
    '-G',
    '-o',
    'CanonicalizeHostname=no',
    ...(source.kind === 'file' ? ['-F', source.path] : source.kind === 'none' ? ['-F', 'none'] : []),
    ...(q.port !== undefined ? ['-p', String(q.port)] : []),
    ...(q.user !== undefined ? ['-l', q.user] : []),
    '--',
    q.host,
  ]
}

/** Binaries found missing once: the fallback serves the rest of the run without a spawn per host. */
const missing = new Set<string>()

const shell = new CommandShell(10_000)

async function runSshG(source: SshConfigSource, q: SshQuery, binary: string): Promise<SshConfigDump | 'missing'> {
  const argv = [binary, ...sshGArgs(source, q)]
  // A host or path holding a line break is refused (CommandShell.run): as a line it could start another query.
  const r = await shell.run(argv).catch((e: Error) => {
    throw new Error(`ssh_config for ${q.host}: ssh -G: ${e.message}`)
  })
  if (r.status === 127) return 'missing'
  if (r.status !== 0) {
    // ssh names the file and line it refused ("t1 line 5: Bad port 'x'."); its tty notice is noise.
    const why = r.stderr
      .split('\n')
      .map((l) => l.trim()) // ssh ends its log lines with \r\n
      .filter((l) => l && !/^Pseudo-terminal will not be allocated/.test(l))
      .join('; ')
    throw new Error(`ssh_config for ${q.host}: ssh -G refused it: ${why || `exit status ${r.status}`}`)
  }
  try {
    return parseSshG(r.stdout)
  } catch (e) {
    throw new Error(`ssh_config for ${q.host}: ${(e as Error).message}`)
  }
}

function localUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? 'root'
  }
}

/** The fallback's view of this machine. */
export function nodeFallbackEnv(): FallbackEnv {
  return {
    home: homedir(),
    localUser: localUser(),
    uid: process.getuid?.() ?? 0,
    localHost: hostname(),
    env: process.env,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8')
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
        throw new Error(`cannot read ssh config ${p}: ${(e as Error).message}`)
      }
    },
    listDir: (p) => {
      try {
        return readdirSync(p)
      } catch {
        return undefined
      }
    },
  }
}

/**
 * One host's ssh_config. `ssh_config: false` needs no file and no process: OpenSSH's defaults are
 * computed. Otherwise `ssh -G`, unless it is not installed (or `binary` is false), then the fallback.
 */
export async function lookupSshConfig(
  source: SshConfigSource,
  q: SshQuery,
  binary: string | false = 'ssh',
): Promise<SshConfigLookup> {
  if (source.kind !== 'none' && binary !== false && !missing.has(binary)) {
    const r = await runSshG(source, q, binary)
    if (r !== 'missing') return { dump: r, via: 'ssh -G', notes: [] }
    missing.add(binary)
  }
  const { dump, notes } = resolveSshConfigFallback(source, q, nodeFallbackEnv())
  return { dump, via: 'fallback', notes }
}
