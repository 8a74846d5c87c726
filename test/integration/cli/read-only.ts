// A directory in which no file can be created, whoever runs the tests: root ignores mode bits, so
// for root the directory is made immutable (chattr +i, which ext4, xfs and tmpfs take).
import { execFileSync } from 'node:child_process'
import { chmodSync, closeSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export interface ReadOnlyDir {
  path: string
  /** False where neither way works (a file system without chattr, for root): tests that need it are skipped. */
  ok: boolean
  /** How it was made read-only, or why it could not be: for the test's name. */
  how: string
  /** Writable again, so that it can be removed. */
  release: () => void
}

const takesFiles = (dir: string): boolean => {
  try {
    const f = join(dir, 'probe')
    closeSync(openSync(f, 'wx'))
    rmSync(f)
    return true
  } catch {
    return false
  }
}

export function readOnlyDir(path: string): ReadOnlyDir {
  mkdirSync(path, { recursive: true })
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o555)
    return { path, ok: !takesFiles(path), how: 'mode 555', release: () => chmodSync(path, 0o755) }
  }
  const release = () => {
    try {
      execFileSync('chattr', ['-i', path], { stdio: 'ignore' })
    } catch {
      // never made immutable
    }
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' })
  } catch {
    return { path, ok: false, how: 'root, and chattr +i failed on this file system', release }
  }
  return { path, ok: !takesFiles(path), how: 'chattr +i, since root ignores mode bits', release }
}
