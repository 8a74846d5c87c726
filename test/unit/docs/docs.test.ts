// The generated references are current: a schema key or a check added without `npm run docs` fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { CATALOG } from '../../../lib/checks/catalog.ts'
import { GENERATED, ROOT } from '../../../lib/docs/write.ts'

describe('generated docs', () => {
  test.for(Object.keys(GENERATED))('%s is what `npm run docs` writes', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8'), `run npm run docs`).toBe(GENERATED[file]?.())
  })

  test('the targets reference names every top-level key of a target, and nested ones', () => {
    const md = GENERATED['docs/targets.md']?.() ?? ''
    for (const key of [
      'stack',
      'dns.resolvers',
      'tls.ca',
      'endpoints[].url',
      'openstack.overlay.cidr',
      'hosts[].address',
      'hosts[].interfaces.<name>.accept_ra',
      'waivers[].expires',
      'roles.<name>.forwarding',
    ])
      expect(md, key).toContain(`| \`${key}\` |`)
  })

  test('the check catalog holds every check with its why and its fix', () => {
    const md = GENERATED['docs/checks.md']?.() ?? ''
    for (const c of CATALOG) expect(md).toContain(`### \`${c.id}\``)
    expect(md.match(/^Fix: /gm)).toHaveLength(CATALOG.length)
  })
})

describe('targets.schema.json, for editors', () => {
  const example = readFileSync(join(ROOT, 'targets.example.yaml'), 'utf8')
  // As yaml-language-server reads a file: merge keys resolved, no ${VAR} substitution.
  const data = () =>
    parse(example, { merge: true, schema: 'core' }) as { targets: Record<string, { hosts: Record<string, unknown>[] }> }
  const schema = z.fromJSONSchema(JSON.parse(GENERATED['targets.schema.json']?.() ?? '{}'))

  test('targets.example.yaml points yaml-language-server at it', () => {
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./targets.schema.json')
  })

  test('accepts the example file, x- anchor keys included', () => {
    expect(schema.safeParse(data()).error?.issues).toBeUndefined()
    expect(schema.safeParse({ 'x-defaults': { a: 1 }, targets: {} }).success).toBe(true)
  })

  test('flags what the loader refuses: a misspelled key, a bad enum value, an unknown top-level key', () => {
    const typo = data()
    typo.targets.lab1!.hosts[0]!.adress = '2001:db8::11'
    expect(schema.safeParse(typo).error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['adress'],
      path: ['targets', 'lab1', 'hosts', 0],
    })
    const stack = data()
    ;(stack.targets.lab1 as Record<string, unknown>).stack = 'ipv6only'
    expect(schema.safeParse(stack).success).toBe(false)
    expect(schema.safeParse({ targets: {}, target: {} }).success).toBe(false)
  })
})
