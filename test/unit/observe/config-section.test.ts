// The config section end to end on this machine: the real script under sh reads files whose paths
// are hostile, absent, directories, unreadable or too big, and the parser gives each one back.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { CONFIG_LIMIT, shQuote } from '../../../lib/observe/config-script.ts'
import { parseConfigSection } from '../../../lib/observe/parse/config.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6ready-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Run the observation script with these config paths in `dir`, as a host would. */
function observe(paths: string[]) {
  const out = execFileSync('sh', ['-s'], {
    input: observationScript('n0nce', { configs: paths }),
    encoding: 'utf8',
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  })
  return splitSections(out, 'n0nce')
}

describe('the config section of the observation script', () => {
  test('a path is read literally: quotes, $( ), ; and newlines reach no shell', () => {
    const hostile = join(dir, 'a\'b;$(touch pwned)`touch pwned2` "c"\nd')
    writeFileSync(hostile, 'my_ip = 2001:db8::11\n')
    const s = observe([hostile])
    expect(s.complete).toBe(true)
    const [file] = parseConfigSection(s.sections.config!)
    expect(file).toEqual({ path: hostile, state: 'ok', text: 'my_ip = 2001:db8::11\n', size: 21, truncated: false })
    expect(existsSync(join(dir, 'pwned'))).toBe(false)
    expect(existsSync(join(dir, 'pwned2'))).toBe(false)
  })

  test('shQuote closes, escapes and reopens a single quote', () => {
    expect(shQuote("/tmp/a'b;$(id)")).toBe(`'/tmp/a'\\''b;$(id)'`)
    expect(() => shQuote('/tmp/a\0b')).toThrow(/NUL/)
  })

  test('absent, a directory, an empty file and content that forges a fence, each in order', () => {
    const empty = join(dir, 'empty.conf')
    writeFileSync(empty, '')
    const forged = join(dir, 'forged.conf')
    // Another run's nonce and a section fence: both stay content.
    const forgedText = 'a = 1\n@@v6ready:other:config:1:ok:5:2f@@\n@@v6ready:n0nce:end@@x\nb = 2'
    writeFileSync(forged, forgedText)
    const s = observe([join(dir, 'nosuch.conf'), dir, empty, forged])
    expect(s.complete).toBe(true)
    expect(parseConfigSection(s.sections.config!)).toEqual([
      { path: join(dir, 'nosuch.conf'), state: 'absent', size: 0, truncated: false },
      { path: dir, state: 'unreadable', reason: 'a directory', size: 0, truncated: false },
      { path: empty, state: 'ok', text: '', size: 0, truncated: false },
      { path: forged, state: 'ok', text: forgedText, size: forgedText.length, truncated: false },
    ])
  })

  test('a file the SSH user may not read is unreadable, not absent; a device is not read at all', () => {
    const locked = join(dir, 'locked.conf')
    writeFileSync(locked, 'password = x\n')
    chmodSync(locked, 0o000)
    // Root reads any mode, so as root the script runs as nobody (who cannot even enter dir).
    const asNobody = process.getuid?.() === 0
    const out = execFileSync(
      asNobody ? 'setpriv' : 'sh',
      [...(asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh'] : []), '-s'],
      {
        input: observationScript('n0nce', { configs: [locked, '/dev/zero'] }),
        encoding: 'utf8',
      },
    )
    expect(parseConfigSection(splitSections(out, 'n0nce').sections.config!)).toEqual([
      {
        path: locked,
        state: 'unreadable',
        reason: 'not readable by the SSH user',
        denied: true,
        size: 0,
        truncated: false,
      },
      { path: '/dev/zero', state: 'unreadable', reason: 'not a regular file', size: 0, truncated: false },
    ])
  })

  test('a file over the limit is cut at its last whole line and says so', () => {
    const big = join(dir, 'big.conf')
    const line = 'listen = [2001:db8::11]:8080\n' // 29 bytes: the limit falls inside a line
    const text = line.repeat(Math.ceil((CONFIG_LIMIT + 100) / line.length))
    writeFileSync(big, text)
    const [file] = parseConfigSection(observe([big]).sections.config!)
    expect(file?.truncated).toBe(true)
    expect(file?.size).toBe(text.length)
    expect(file?.text?.length).toBe(Math.floor(CONFIG_LIMIT / line.length) * line.length)
    expect(file?.text?.endsWith(line)).toBe(true)
  })

  test('each file comes back byte for byte, with or without a final newline', () => {
    const a = join(dir, 'a.conf')
    const b = join(dir, 'b.conf')
    writeFileSync(a, 'x = 1')
    writeFileSync(b, 'y = 2\n\n')
    const files = parseConfigSection(observe([a, b]).sections.config!)
    expect(files.map((f) => f.text)).toEqual(['x = 1', 'y = 2\n\n'])
  })

  test('no configs, no section: other facts parse and configs says why it is missing', () => {
    const s = observe([])
    expect(s.sections.config).toBeUndefined()
    const f = parseHostFacts(s.sections)
    expect(f.configs).toEqual({ ok: false, error: expect.stringContaining('section config: missing') })
    expect(f.resolv.ok).toBe(true)
    expect(f.interfaces.ok).toBe(true)
  })

  test('each file read is parsed as the format the targets file gives it, when the facts are made', () => {
    const ini = join(dir, 'parsed.conf')
    const yaml = join(dir, 'broken.yml')
    writeFileSync(ini, '[DEFAULT]\nmy_ip = 2001:db8::11\n')
    writeFileSync(yaml, 'a: [1, 2\n')
    const s = observe([ini, yaml, join(dir, 'nosuch.conf')])
    const formats = [
      { path: ini, format: 'ini' as const },
      { path: yaml, format: 'yaml' as const },
      { path: join(dir, 'nosuch.conf'), format: 'ini' as const },
    ]
    const f = parseHostFacts(s.sections, { configs: formats })
    if (!f.configs.ok) throw new Error(f.configs.error)
    const [a, b, absent] = f.configs.value
    expect(a?.parsed).toMatchObject({
      format: 'ini',
      lines: ['[DEFAULT]', 'my_ip = 2001:db8::11', ''],
      values: [{ line: 2, key: 'my_ip', text: '2001:db8::11' }],
    })
    expect(a?.parsed?.error).toBeUndefined()
    // A file that does not parse keeps the reader's reason, for the judges' skip.
    expect(b?.parsed).toMatchObject({ format: 'yaml', error: expect.stringMatching(/^line \d+: /) })
    expect(absent).toEqual({ path: join(dir, 'nosuch.conf'), state: 'absent', size: 0, truncated: false })
    // Without the targets file's formats the text is kept, unread.
    expect(parseConfigSection(s.sections.config!)[0]).not.toHaveProperty('parsed')
  })

  test('the parser refuses a section that does not start with a fence', () => {
    expect(() => parseConfigSection('password = x\n@@v6ready:n:config:0:ok:1:2f@@')).toThrow(/file fence first/)
  })

  test('files in nested directories with spaces are found by their exact path', () => {
    const nested = join(dir, 'etc dir', 'nginx', 'sites enabled')
    mkdirSync(nested, { recursive: true })
    writeFileSync(join(nested, 'default'), 'server { listen 80; }\n')
    const [file] = parseConfigSection(observe([join(nested, 'default')]).sections.config!)
    expect(file?.path).toBe(join(nested, 'default'))
    expect(file?.text).toBe('server { listen 80; }\n')
  })
})
