// vm1's config drive: an ISO labelled config-2 on a read-only loop device. This kernel has no
// iso9660, so it is mounted with FUSE inside the sshd's mount namespace, where a session sees it.
// fsname makes /proc/mounts name the device, as a kernel mount of /dev/sr0 would.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { daemon, sh, waitFor } from './proc.ts'
import { sshdPid } from './sshd.ts'
import { statePath } from './state.ts'

export const CONFIG_DRIVE_HOST = 'vm1'
export const LOOP_FILE = statePath('loop-devices')

/** Build the ISO and attach it to a loop device; returns the device. */
export async function makeConfigDrive(uuid: string): Promise<string> {
  const src = statePath('config-drive', 'root')
  const latest = join(src, 'openstack', 'latest')
  mkdirSync(latest, { recursive: true })
  writeFileSync(join(latest, 'meta_data.json'), JSON.stringify({ uuid, name: CONFIG_DRIVE_HOST, hostname: `${CONFIG_DRIVE_HOST}.lab.test` }))
  writeFileSync(join(latest, 'network_data.json'), JSON.stringify({ links: [], networks: [{ id: 'network0', type: 'ipv6_slaac' }], services: [] }))
  const iso = statePath('config-drive', 'config-2.iso')
  await sh('genisoimage', ['-quiet', '-V', 'config-2', '-r', '-J', '-o', iso, src])
  const dev = (await sh('losetup', ['-f', '--show', '-r', iso])).trim()
  writeFileSync(LOOP_FILE, `${dev}\n`)
  return dev
}

/** Mount it in vm1's sshd mount namespace, where (and only where) its sessions see it. */
export async function mountConfigDrive(dev: string): Promise<void> {
  const pid = sshdPid(CONFIG_DRIVE_HOST)
  // -n: no ~/.mtab.fuseiso; -f after the mount point (docs/lab-notes.md §7).
  daemon('fuseiso', ['nsenter', '-t', String(pid), '-m', '-u', '-n', 'fuseiso', '-n', dev, '/media/config-2', '-f', '-o', `ro,fsname=${dev}`])
  await waitFor('the config drive mount on vm1', () => readFileSync(`/proc/${pid}/mounts`, 'utf8').includes(' /media/config-2 '))
}
