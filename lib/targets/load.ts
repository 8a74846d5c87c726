// Reads a targets file: YAML 1.2 core, ${VAR} substitution into parsed strings, zod validation,
// and every error located as `path: message (file:line:col)`.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, resolve } from 'node:path'
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml'
import type { Document, Pair, Scalar } from 'yaml'
import { TargetsFileSchema } from './schema.ts'
import type { SshSpec, TargetsFile, TargetsFileData } from './schema.ts'
import { parseInventory } from './inventory/index.ts'
import { inventoryHosts } from './inventory/targets.ts'
import { flatten, formatPath } from '../util/zod-issues.ts'
import { TargetsError } from './errors.ts'
import { readTextInput, TARGETS_INPUT } from '../util/input-file.ts'
import type { ConfigError } from './errors.ts'

export type Env = Readonly<Record<string, string | undefined>>

export interface LoadOptions {
  /** Where `${VAR}` is looked up; tests pass their own, so they are hermetic. */
  env?: Env
  /** Relative local paths resolve against this; default: the file's directory. */
  baseDir?: string
  /** Reads an inventory file; default: the file system. */
  readInventory?: (path: string) => string
  /** validate: a local file the targets file names (identity, known_hosts, ssh_config, tls.ca) must exist. */
  checkFiles?: boolean | ((path: string) => boolean)
}

export function loadTargetsFile(path: string, opts: LoadOptions = {}): TargetsFile {
  // Size first: the YAML parser takes about half a second per MiB, and more when every line is wrong.
  const read = readTextInput(path, TARGETS_INPUT)
  if ('problem' in read)
    throw new TargetsError([{ file: path, path: '', message: `cannot read the targets file: ${read.problem}` }])
  return loadTargetsText(read.text, path, opts)
}

/**
 * Aliases are uses of an anchor (`ssh: *ssh` on every host): a fleet file may hold thousands, which
 * the yaml package's default (100) refuses. What aliases can cost is bounded apart, by the values
 * they expand to (MAX_VALUES).
 */
export const MAX_ALIASES = 100_000
/**
 * Values in the document once aliases are expanded: as many as the largest file can hold without
 * any (`[1,1,…]`, two bytes each), so that aliases cannot make a file cost more than that one.
 */
export const MAX_VALUES = TARGETS_INPUT.maxBytes / 2

/** Whether `data` holds more than `max` values, aliases counted at each use; stops at the bound. */
function expandsPast(data: unknown, max: number): boolean {
  const stack: unknown[] = [data]
  for (let n = 0; stack.length > 0; n++) {
    if (n > max) return true
    const v = stack.pop()
    // One push per item: a spread of a long list would overflow the call stack.
    if (typeof v === 'object' && v !== null) for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push(x)
  }
  return false
}

type Seg = string | number
type Located = { file: string; lineCounter: LineCounter }

export function loadTargetsText(text: string, fileLabel: string, opts: LoadOptions = {}): TargetsFile {
  const env = opts.env ?? process.env
  // A new LineCounter per parse: a reused one gives wrong lines (docs/libraries.md §9).
  const lineCounter = new LineCounter()
  // schema 'core' also overrides a `%YAML 1.1` directive, under which a MAC would be a number.
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, schema: 'core', prettyErrors: false })
  const loc: Located = { file: fileLabel, lineCounter }
  const errors: ConfigError[] = []

  // A duplicate key sits in a sound tree, so its path is known. After a syntax error the tree is
  // the parser's guess: a path into it would mislead, and the errors after the first are mostly
  // its echoes (one bad indent gives "All mapping items must start at the same column" for every
  // later line), so only the first is reported, at its position.
  const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY')
  if (syntax) errors.push(at(loc, [], `YAML syntax error: ${syntax.message}`, syntax.pos[0]))
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY')
      errors.push(
        at(loc, pathAtOffset(doc, e.pos[0]), 'duplicate key: each key may appear once in a mapping', e.pos[0]),
      )
  }
  const envFailed = substituteEnv(doc, env, loc, errors)
  // Schema errors on a guessed tree would mislead too; after duplicate keys the schema still runs.
  if (syntax) throw new TargetsError(sorted(errors))

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (err) {
    errors.push({
      file: fileLabel,
      path: '',
      message: `${err instanceof Error ? err.message : String(err)} (at most ${MAX_ALIASES} uses of anchors)`,
    })
    throw new TargetsError(sorted(errors))
  }
  // Aliases share one value in `data`; the schema walks each use, so a few nested ones could make it walk billions.
  if (expandsPast(data, MAX_VALUES)) {
    errors.push({
      file: fileLabel,
      path: '',
      message: `the aliases expand the document to more than ${MAX_VALUES} values: use fewer nested anchors`,
    })
    throw new TargetsError(sorted(errors))
  }
  const parsed = TargetsFileSchema.safeParse(data)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const f of flatten(issue, [])) {
        // An unsubstituted ${VAR} would fail its format too; the env error already says why.
        if (envFailed.some((p) => isPrefix(p, f.path))) continue
        const shown = f.key !== undefined && !f.unrecognized ? [...f.path, f.key] : f.path
        errors.push(at(loc, shown, f.message, locate(doc, f.path, f.key)))
      }
    }
  }
  if (!parsed.success || errors.length > 0) throw new TargetsError(sorted(errors))
  resolveLocalPaths(parsed.data, opts.baseDir ?? dirname(resolve(fileLabel)))
  const inventories = readInventories(parsed.data, opts.readInventory ?? readInventoryFile, (name, message) =>
    errors.push(at(loc, ['targets', name, 'inventory'], message, locate(doc, ['targets', name, 'inventory']))),
  )
  if (opts.checkFiles)
    for (const m of missingFiles(parsed.data, typeof opts.checkFiles === 'function' ? opts.checkFiles : existsSync))
      errors.push(at(loc, m.path, `no such file: ${m.file}`, locate(doc, m.path)))
  if (errors.length > 0) throw new TargetsError(sorted(errors))
  return { ...parsed.data, source: fileLabel, ...inventories }
}

/**
 * Local files named in the targets file that are not there. `~` is the home directory; a path with
 * ssh tokens (%h) or left for ssh to expand is not checked, since it names a file per host.
 */
function missingFiles(data: TargetsFileData, exists: (path: string) => boolean): { path: Seg[]; file: string }[] {
  const out: { path: Seg[]; file: string }[] = []
  const check = (path: Seg[], file: string) => {
    if (/%|\$\{/.test(file)) return
    const full = file === '~' || file.startsWith('~/') ? `${homedir()}${file.slice(1)}` : file
    if (!exists(full)) out.push({ path, file: full })
  }
  const list = (path: Seg[], v: string | string[] | undefined) => {
    if (typeof v === 'string') check(path, v)
    else v?.forEach((f, i) => check([...path, i], f))
  }
  const ssh = (path: Seg[], s: SshSpec | undefined) => {
    if (!s) return
    list([...path, 'identity'], s.identity)
    list([...path, 'known_hosts'], s.known_hosts)
    if (typeof s.ssh_config === 'string') check([...path, 'ssh_config'], s.ssh_config)
  }
  for (const [name, t] of Object.entries(data.targets)) {
    if (t.tls?.ca !== undefined) check(['targets', name, 'tls', 'ca'], t.tls.ca)
    ssh(['targets', name, 'ssh'], t.ssh)
    t.hosts.forEach((h, i) => ssh(['targets', name, 'hosts', i, 'ssh'], h.ssh))
  }
  return out
}

// ---- inventories (lib/targets/inventory/) ----

/** An inventory file, bounded as a targets file is: an inventory holds hosts much as it does. */
function readInventoryFile(path: string): string {
  const r = readTextInput(path, { ...TARGETS_INPUT, what: 'an inventory' })
  if ('problem' in r) throw new Error(r.problem.replace(/^ENOENT: .*/, 'no such file'))
  return r.text
}

function readInventories(
  data: TargetsFileData,
  read: (path: string) => string,
  problem: (target: string, message: string) => void,
): Pick<TargetsFile, 'inventoryHosts' | 'inventoryNotes'> {
  const hosts: NonNullable<TargetsFile['inventoryHosts']> = {}
  const notes: NonNullable<TargetsFile['inventoryNotes']> = {}
  for (const [name, t] of Object.entries(data.targets)) {
    if (t.inventory === undefined) continue
    const choice = typeof t.inventory === 'string' ? { path: t.inventory } : t.inventory
    let text: string
    try {
      text = read(choice.path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      problem(
        name,
        `cannot read the inventory ${choice.path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      )
      continue
    }
    try {
      const r = inventoryHosts(parseInventory(text, choice.path), choice, Object.keys(t.roles))
      for (const p of r.problems) problem(name, `${choice.path}: ${p}`)
      hosts[name] = r.hosts
      if (r.notes.length) notes[name] = r.notes
    } catch (e) {
      // The inventory's own file:line, as ansible-inventory says it.
      problem(name, `the inventory does not parse as Ansible reads it: ${(e as Error).message}`)
    }
  }
  return {
    ...(Object.keys(hosts).length && { inventoryHosts: hosts }),
    ...(Object.keys(notes).length && { inventoryNotes: notes }),
  }
}

/**
 * Where each data path of a targets file's text is written (`validate` places its warnings with it):
 * line and column of the value, or of the nearest parent that exists.
 */
export function positionsOf(text: string): (path: readonly PropertyKey[]) => { line: number; col: number } | undefined {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false, schema: 'core', prettyErrors: false })
  return (path) => {
    const offset = locate(doc, path)
    return offset === undefined ? undefined : lineCounter.linePos(offset)
  }
}

function at(loc: Located, path: readonly PropertyKey[], message: string, offset: number | undefined): ConfigError {
  if (offset === undefined) return { file: loc.file, path: formatPath(path), message }
  const { line, col } = loc.lineCounter.linePos(offset)
  return { file: loc.file, path: formatPath(path), message, line, col }
}

/** In file order (Array.prototype.sort is stable); errors without a position last. */
function sorted(errors: ConfigError[]): ConfigError[] {
  const MAX = Number.MAX_SAFE_INTEGER
  return [...errors].sort((a, b) => (a.line ?? MAX) - (b.line ?? MAX) || (a.col ?? 0) - (b.col ?? 0))
}

function isPrefix(p: readonly Seg[], path: readonly PropertyKey[]): boolean {
  return p.length <= path.length && p.every((s, i) => String(s) === String(path[i]))
}

// ---- ${VAR} and ${VAR:-default} ----

// `$${` is a literal `${`; a `${` that is neither is an error rather than a silent literal.
const REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g

/**
 * Substitutes into parsed string values, never into the raw text: a password holding `: #`
 * would otherwise change the YAML structure (docs/libraries.md §9). Anchored values are substituted once.
 * Returns the data paths of the values that failed.
 */
function substituteEnv(doc: Document.Parsed, env: Env, loc: Located, errors: ConfigError[]): Seg[][] {
  const failed: Seg[][] = []
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return
      const path = dataPath(ancestors, node)
      if (path === undefined) return // a mapping key: keys are names from the schema
      let problem: string | undefined
      const value = node.value.replace(REF, (m, name: string | undefined, dflt: string | undefined) => {
        if (m === '$${') return '${'
        if (name === undefined) {
          problem ??= 'malformed variable reference: use ${VAR} or ${VAR:-default}, and $${ for a literal ${'
          return m
        }
        const v = env[name]
        // Shell semantics: `:-` takes the default when the variable is unset or empty.
        if (dflt !== undefined) return v === undefined || v === '' ? dflt : v
        if (v === undefined) {
          problem ??= `environment variable ${name} is not set`
          return m
        }
        return v
      })
      if (problem === undefined) node.value = value
      else {
        failed.push(path)
        errors.push(at(loc, path, problem, node.range?.[0]))
      }
    },
  })
  return failed
}

/** The data path of a value scalar from its ancestors; undefined when it is a key. */
function dataPath(ancestors: readonly unknown[], node: Scalar): Seg[] | undefined {
  const chain = [...ancestors, node]
  const path: Seg[] = []
  for (let i = 0; i < chain.length - 1; i++) {
    const a = chain[i]
    const next = chain[i + 1]
    if (isSeq(a)) path.push(a.items.indexOf(next as never))
    else if (isPair(a)) {
      if (next !== a.value) return undefined
      path.push(keyText(a.key))
    }
  }
  return path
}

function keyText(key: unknown): string {
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value)
  return String(key)
}

/** Follows aliases and `<<` merges, as toJS() did, to the node that supplied a value. */
function findPair(doc: Document.Parsed, map: unknown, key: string, depth = 0): Pair | undefined {
  if (!isMap(map) || depth > 20) return undefined
  // The last of duplicate keys, since that is the value toJS() kept.
  const own = map.items.findLast(
    (p) => isScalar(p.key) && typeof p.key.value !== 'symbol' && String(p.key.value) === key,
  )
  if (own) return own
  for (const p of map.items) {
    if (!(isScalar(p.key) && typeof p.key.value === 'symbol')) continue
    const sources = isSeq(p.value) ? p.value.items : [p.value]
    for (const s of sources) {
      const found = findPair(doc, deref(doc, s), key, depth + 1)
      if (found) return found
    }
  }
  return undefined
}

function deref(doc: Document.Parsed, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n
}

/**
 * The offset of the node for a data path; when the path runs out of nodes (a missing key), of
 * the nearest existing parent. With `key`, of that key in the object at `path`.
 */
function locate(doc: Document.Parsed, path: readonly PropertyKey[], key?: string): number | undefined {
  let node: unknown = doc.contents
  let best = offsetOf(node)
  const segs = key === undefined ? path : [...path, key]
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]
    node = deref(doc, node)
    let next: unknown
    if (isMap(node)) {
      const pair = findPair(doc, node, String(seg))
      if (!pair) break
      if (key !== undefined && i === segs.length - 1) return offsetOf(pair.key)
      next = pair.value ?? pair.key // `address:` with no value: point at its key
    } else if (isSeq(node) && typeof seg === 'number') next = node.items[seg]
    else break
    if (offsetOf(next) === undefined) break
    node = next
    best = offsetOf(next)
  }
  return best
}

function offsetOf(n: unknown): number | undefined {
  return isNodeLike(n) ? (n.range?.[0] ?? undefined) : undefined
}

/** The data path to the deepest node holding `offset`, for YAML errors that only have a position. */
function pathAtOffset(doc: Document.Parsed, offset: number): Seg[] {
  const path: Seg[] = []
  const holds = (n: unknown) =>
    isNodeLike(n) && n.range !== undefined && n.range !== null && n.range[0] <= offset && offset < n.range[2]
  let node: unknown = doc.contents
  for (let depth = 0; depth < 100; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => holds(p.key) || holds(p.value))
      if (!pair) break
      path.push(keyText(pair.key))
      if (!holds(pair.value)) break
      node = pair.value
    } else if (isSeq(node)) {
      const i = node.items.findIndex(holds)
      if (i < 0) break
      path.push(i)
      node = node.items[i]
    } else break
  }
  return path
}

function isNodeLike(n: unknown): n is { range?: [number, number, number] | null } {
  return typeof n === 'object' && n !== null && 'range' in n
}

// ---- local paths ----

/** Local files (not remote `configs`) are relative to the targets file; `~` waits for use time. */
function resolveLocalPaths(data: TargetsFileData, baseDir: string): void {
  const fix = (p: string) => (isAbsolute(p) || p.startsWith('~') ? p : resolve(baseDir, p))
  const fixList = (p: string | string[]) => (typeof p === 'string' ? fix(p) : p.map(fix))
  const fixSsh = (s: SshSpec | undefined) => {
    if (!s) return
    if (s.identity !== undefined) s.identity = fixList(s.identity)
    if (s.known_hosts !== undefined) s.known_hosts = fixList(s.known_hosts)
    if (typeof s.ssh_config === 'string') s.ssh_config = fix(s.ssh_config)
  }
  for (const t of Object.values(data.targets)) {
    if (t.tls?.ca !== undefined) t.tls.ca = fix(t.tls.ca)
    if (typeof t.inventory === 'string') t.inventory = fix(t.inventory)
    else if (t.inventory) t.inventory.path = fix(t.inventory.path)
    fixSsh(t.ssh)
    for (const h of t.hosts) fixSsh(h.ssh)
  }
}
