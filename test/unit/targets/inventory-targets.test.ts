// A target whose hosts come from an Ansible inventory: groups that are roles give roles, the rest are
// only groups; the targets file's own entries add hosts and override the inventory's by name; a
// missing or broken inventory is a config error at the `inventory` key's file:line.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'

const DIR = join(import.meta.dirname, '../../fixtures/targets')
const INV = join(DIR, 'inventory.fleet.ini')
const load = (text: string, opts: Parameters<typeof loadTargetsText>[2] = {}) =>
  loadTargetsText(text, 'targets.yaml', { env: {}, baseDir: DIR, ...opts })
const errorsOf = (text: string, opts: Parameters<typeof loadTargetsText>[2] = {}): string[] => {
  try {
    load(text, opts)
  } catch (e) {
    if (e instanceof TargetsError) return [...e.lines]
    throw e
  }
  return []
}

const TARGET = `targets:
  fleet:
    inventory: ./inventory.fleet.ini
    roles:
      controllers: { forwarding: false }
      compute: { forwarding: true }
      gpu: { sysctl: { net.ipv6.conf.all.accept_ra: 2 } }
`

describe('hosts from an inventory', () => {
  const t = resolveTarget(load(TARGET), 'fleet')
  const h = (name: string) => t.hosts.find((x) => x.name === name)

  test('every SSH host of the inventory, in its order; a local connection is left out', () => {
    expect(t.hosts.map((x) => x.name)).toEqual(['ctl1', 'cmp01', 'cmp02', 'cmp03'])
  })

  test('address, port, user, key and become from ansible_* variables, group variables included', () => {
    expect(h('ctl1')).toMatchObject({ address: '2001:db8::11', from: INV, ssh: { user: 'stack' } })
    expect(h('cmp02')).toMatchObject({
      address: '2001:db8::22', // the host's own line wins over the range's
      ssh: { port: 2222, user: 'ops', identity: [join(DIR, 'keys/fleet_ed25519')], become: 'sudo' },
    })
  })

  test('groups that are roles give roles, deepest last; openstack and local are only groups', () => {
    expect(h('ctl1')?.roles).toEqual(['controllers'])
    expect(h('cmp01')?.roles).toEqual(['compute'])
    expect(h('cmp03')?.roles).toEqual(['gpu', 'compute']) // gpu is a top group (depth 1), compute under openstack (depth 2)
    expect(h('cmp03')).toMatchObject({ forwarding: true, sysctl: { 'net.ipv6.conf.all.accept_ra': '2' } })
  })

  test('what the inventory left out is said, for validate to show', () => {
    expect(load(TARGET).inventoryNotes).toEqual({
      fleet: ['localhost: ansible_connection=local, left out (v6ready reaches inventory hosts over SSH)'],
    })
  })

  test('groups: only the hosts of those groups', () => {
    const only = resolveTarget(
      load(
        TARGET.replace(
          'inventory: ./inventory.fleet.ini',
          'inventory: { path: ./inventory.fleet.ini, groups: [gpu, controllers] }',
        ),
      ),
      'fleet',
    )
    expect(only.hosts.map((x) => x.name)).toEqual(['ctl1', 'cmp03'])
  })
})

describe("the targets file's own hosts", () => {
  const text = `${TARGET}    hosts:
      - name: cmp02
        address: "2001:db8::222"
        ssh: { port: 2200 }
        listeners: [{ port: 8080 }]
      - name: extra
        address: "2001:db8::99"
`
  const t = resolveTarget(load(text), 'fleet')

  test('an entry of the same name overrides the inventory host key by key, its ssh merged over', () => {
    expect(t.hosts.find((x) => x.name === 'cmp02')).toMatchObject({
      from: `${INV} and the targets file`,
      address: '2001:db8::222',
      roles: ['compute'],
      ssh: { port: 2200, user: 'ops', become: 'sudo' },
      listeners: { auto: false, expected: [{ port: 8080 }] },
    })
  })

  test('other entries are added after the inventory hosts', () => {
    expect(t.hosts.map((x) => x.name)).toEqual(['ctl1', 'cmp01', 'cmp02', 'cmp03', 'extra'])
    expect(t.hosts.at(-1)?.from).toBeUndefined()
  })
})

describe('an inventory that cannot be used is a config error at the inventory key', () => {
  test('a missing file: file:line of the targets file', () => {
    expect(errorsOf(TARGET.replace('./inventory.fleet.ini', './nope.ini'))).toEqual([
      `targets.yaml:3:16: targets.fleet.inventory: cannot read the inventory ${join(DIR, 'nope.ini')}: no such file`,
    ])
  })

  test("an inventory Ansible would refuse: Ansible's words, with the inventory's own file:line", () => {
    const read = () => '[web]\nhost1\n[web:vars]\nport 80\n'
    expect(errorsOf(TARGET, { readInventory: read })).toEqual([
      `targets.yaml:3:16: targets.fleet.inventory: the inventory does not parse as Ansible reads it: ${INV}:4: Expected key=value, got: port 80`,
    ])
  })

  test('a host v6ready cannot name, an address that is none, a group that is not there', () => {
    const read = () => '2001:db8::1\nweb1 ansible_host=not_an_address!\n'
    expect(
      errorsOf(
        TARGET.replace(
          'inventory: ./inventory.fleet.ini',
          'inventory: { path: ./inventory.fleet.ini, groups: [nope, ungrouped] }',
        ),
        { readInventory: read },
      ),
    ).toEqual([
      `targets.yaml:3:16: targets.fleet.inventory: ${INV}: no group "nope" in ${INV} (inventory.groups)`,
      `targets.yaml:3:16: targets.fleet.inventory: ${INV}: host "2001:db8::1": not a name v6ready can use for a host (letters, digits, "_", "." and "-"): give it a name and put the address in ansible_host`,
      `targets.yaml:3:16: targets.fleet.inventory: ${INV}: host "web1": ansible_host "not_an_address!": invalid host name`,
    ])
  })
})
