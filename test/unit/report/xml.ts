// Parse junit.xml back with libxml2 (Debian's xmllint), not with a regex over our own output.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let dir: string | undefined
let n = 0

/** A fresh file under one temp dir per test file; `removeTemp` deletes it all. */
export function writeTemp(xml: string, name = `junit-${++n}.xml`): string {
  dir ??= mkdtempSync(join(tmpdir(), 'v6ready-report-'))
  const file = join(dir, name)
  writeFileSync(file, xml, 'utf8')
  return file
}

export function removeTemp(): void {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
}

/** Throws, with xmllint's diagnostics, when the file is not well-formed. */
export function xmllintNoout(file: string): void {
  execFileSync('xmllint', ['--noout', file], { stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Evaluate an XPath expression that yields a string or number (count(), string()). */
export function xpath(file: string, expr: string): string {
  return execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '')
}
