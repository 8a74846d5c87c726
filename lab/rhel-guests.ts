// The RHEL-family guests' /etc: the ifcfg files and /etc/sysconfig/network that cloud-init's
// sysconfig renderer writes (test/fixtures/observe/guest/conf/, made by render-configs.sh there from
// network_data.json; the lab reads them from there so the two never drift apart).
//   vm5: conf/ifcfg.slaac, read by NetworkManager: the image has a NetworkManager.conf with the
//        ifcfg-rh plugin, and NM_CONTROLLED=no is taken out of ifcfg-eth0, as images that hand
//        the interfaces to NetworkManager do. Its IPV6_ADDR_GEN_MODE is eui64, or stable-privacy
//        under the `nm-stable-privacy` fault. The kernel takes the RAs and makes eth0's address in
//        the lab either way (EUI-64): the fault is the profile NetworkManager applies.
//   vm6: conf/ifcfg.two-nic, read by initscripts (NM_CONTROLLED=no, no NetworkManager.conf): eth0
//        SLAAC, eth1 the fixed provider address, which is the lab's here instead of the fixture's.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { FaultSet } from './faults.ts'
import { VM6_PROVIDER } from './plan.ts'
import { LAB_DIR } from './state.ts'

export const RENDERED = join(LAB_DIR, '..', 'test', 'fixtures', 'observe', 'guest', 'conf')

/** Every file of one rendering, by its path under the guest's root (etc/sysconfig/...). */
function rendered(name: string): Record<string, string> {
  const root = join(RENDERED, name)
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name)
        return [relative(root, path), readFileSync(path, 'utf8')]
      }),
  )
}

/** Rewrite the one line that sets `key` (with its newline); throws when the rendering has not exactly one. */
function editLine(text: string, key: string, edit: (line: string) => string): string {
  const re = new RegExp(`^${key}=.*\\n`, 'gm')
  if ((text.match(re) ?? []).length !== 1) throw new Error(`lab: the rendered ifcfg file has no single ${key} line`)
  return text.replace(re, edit)
}

const IFCFG = 'etc/sysconfig/network-scripts'

/** NetworkManager reads ifcfg files through this plugin (RHEL 8's default configuration). */
export const NM_CONF = '[main]\nplugins=ifcfg-rh\n'

export function rhelGuestFiles(faults: FaultSet): Record<'vm5' | 'vm6', Record<string, string>> {
  const vm5 = rendered('ifcfg.slaac')
  const eth0 = `${IFCFG}/ifcfg-eth0`
  // cloud-init writes its keys sorted: IPV6_ADDR_GEN_MODE goes before IPV6_AUTOCONF.
  const mode = faults.has('nm-stable-privacy') ? 'stable-privacy' : 'eui64'
  vm5[eth0] = editLine(
    editLine(vm5[eth0] ?? '', 'NM_CONTROLLED', () => ''),
    'IPV6_AUTOCONF',
    (l) => `IPV6_ADDR_GEN_MODE=${mode}\n${l}`,
  )
  vm5['etc/NetworkManager/NetworkManager.conf'] = NM_CONF
  const vm6 = rendered('ifcfg.two-nic')
  const eth1 = `${IFCFG}/ifcfg-eth1`
  vm6[eth1] = editLine(vm6[eth1] ?? '', 'IPV6ADDR', () => `IPV6ADDR=${VM6_PROVIDER.v6}\n`)
  return { vm5, vm6 }
}
