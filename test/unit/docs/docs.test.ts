// The generated references are current: a schema key or a check added without `npm run docs` fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CATALOG } from '../../../lib/checks/catalog.ts'
import { DOCS, GENERATED } from '../../../lib/docs/write.ts'

describe('generated docs', () => {
  test.for(Object.keys(GENERATED))('docs/%s is what `npm run docs` writes', (file) => {
    expect(readFileSync(join(DOCS, file), 'utf8'), `run npm run docs`).toBe(GENERATED[file]?.())
  })

  test('the targets reference names every top-level key of a target, and nested ones', () => {
    const md = GENERATED['targets.md']?.() ?? ''
    for (const key of ['stack', 'dns.resolvers', 'tls.ca', 'endpoints[].url', 'openstack.overlay.cidr', 'hosts[].address', 'hosts[].interfaces.<name>.accept_ra', 'waivers[].expires', 'roles.<name>.forwarding'])
      expect(md, key).toContain(`| \`${key}\` |`)
  })

  test('the check catalog holds every check with its why and its fix', () => {
    const md = GENERATED['checks.md']?.() ?? ''
    for (const c of CATALOG) expect(md).toContain(`### \`${c.id}\``)
    expect(md.match(/^Fix: /gm)).toHaveLength(CATALOG.length)
  })
})
