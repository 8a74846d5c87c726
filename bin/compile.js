// lib/ and suites/ compiled to JavaScript under dist/<key>/, where the key hashes every source
// file and the compiler: Node 20 cannot run TypeScript, and loading it through tsx's hooks cost
// each run ~4 s of CPU and ~280 MiB (docs/performance.md). A change of any source gives a new key,
// so a stale build is never run; runs that start together build it once (a lock directory), and
// a build becomes visible only when complete (a rename).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist')
const SOURCES = ['lib', 'suites']
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json']
/** A lock older than this belongs to a build that died: a build takes 5-15 s here. */
const STALE_LOCK_MS = 120_000
/** Builds of sources that changed since are removed once this old; a run that started on one has long ended. */
const OLD_BUILD_MS = 24 * 3600_000

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

function* sourceFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name)
    if (e.isDirectory()) yield* sourceFiles(p)
    else if (e.name.endsWith('.ts')) yield p
  }
}

/** Content, not mtimes: a fresh clone or a `touch` reuses the build; any edit makes a new one. */
export function buildKey() {
  const h = createHash('sha256')
  h.update(JSON.parse(readFileSync(join(dirname(tsc), '../package.json'), 'utf8')).version)
  for (const f of [...CONFIGS.map((c) => join(ROOT, c)), ...SOURCES.flatMap((s) => [...sourceFiles(join(ROOT, s))])])
    h.update(`\0${relative(ROOT, f)}\0`).update(readFileSync(f))
  return h.digest('hex').slice(0, 16)
}

function build(out) {
  const tmp = `${out}.tmp-${process.pid}`
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim()
    throw new Error(`v6ready: could not compile lib/ and suites/ (tsc -p tsconfig.build.json):\n${output || e.message}`)
  }
  renameSync(tmp, out)
  for (const d of readdirSync(DIST)) {
    const p = join(DIST, d)
    // Another run may be pruning the same directory: one that is gone already is no error.
    const age = Date.now() - (statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    if (p !== out && !d.endsWith('.lock') && age > OLD_BUILD_MS) rmSync(p, { recursive: true, force: true })
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** The directory of the compiled build of the sources as they are now, built if it is not there yet. */
export async function compiled() {
  const out = join(DIST, buildKey())
  const lock = `${out}.lock`
  mkdirSync(DIST, { recursive: true })
  while (!existsSync(out)) {
    try {
      mkdirSync(lock)
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      // Another run is building it: wait for it, or take over from one that died.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS)
        rmSync(lock, { recursive: true, force: true })
      await sleep(100)
      continue
    }
    try {
      if (!existsSync(out)) build(out)
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
  return out
}

// `npm ci` runs this (the prepare script), so the first run does not wait for the build.
if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(`v6ready: compiled to ${relative(ROOT, await compiled())}`)
