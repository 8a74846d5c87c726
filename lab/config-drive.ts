// The config drives of vm1 and vm6: an ISO labelled config-2 on a read-only loop device each. This
// kernel has no iso9660, so each is mounted with FUSE inside its guest's sshd mount namespace, where
// a session sees it. fsname makes /proc/mounts name the device, as a kernel mount of /dev/sr0 would.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { networkData } from './network-data.ts'
import { hostByName } from './plan.ts'
import { daemon, sh, waitFor } from './proc.ts'
import { instanceUuid } from './services.ts'
import { sshdPid } from './sshd.ts'
import { statePath } from './state.ts'

/** The guests booted with a config drive; vm6 reads its provider address from the drive's network_data.json. */
export const CONFIG_DRIVE_HOSTS = ['vm1', 'vm6'] as const
export type ConfigDriveHost = (typeof CONFIG_DRIVE_HOSTS)[number]
export const LOOP_FILE = statePath('loop-devices')

/** Build one guest's ISO and attach it to a loop device; returns the device. */
async function makeConfigDrive(host: ConfigDriveHost): Promise<string> {
  const src = statePath('config-drive', host, 'root')
  const latest = join(src, 'openstack', 'latest')
  mkdirSync(latest, { recursive: true })
  writeFileSync(
    join(latest, 'meta_data.json'),
    JSON.stringify({ uuid: instanceUuid(host), name: host, hostname: `${host}.lab.test` }),
  )
  writeFileSync(join(latest, 'network_data.json'), JSON.stringify(networkData(hostByName(host))))
  const iso = statePath('config-drive', host, 'config-2.iso')
  await sh('genisoimage', ['-quiet', '-V', 'config-2', '-r', '-J', '-o', iso, src])
  const dev = (await sh('losetup', ['-f', '--show', '-r', iso])).trim()
  // Recorded at once, so lab:down detaches it even if a later step fails.
  appendFileSync(LOOP_FILE, `${dev}\n`)
  return dev
}

/** Every guest's drive, attached one after the other (two `losetup -f` at once may pick the same device). */
export async function makeConfigDrives(): Promise<Record<ConfigDriveHost, string>> {
  writeFileSync(LOOP_FILE, '')
  const out: Partial<Record<ConfigDriveHost, string>> = {}
  for (const h of CONFIG_DRIVE_HOSTS) out[h] = await makeConfigDrive(h)
  return out as Record<ConfigDriveHost, string>
}

/** Mount a guest's drive in its sshd mount namespace, where (and only where) its sessions see it. */
export async function mountConfigDrive(host: ConfigDriveHost, dev: string): Promise<void> {
  const pid = sshdPid(host)
  // -n: no ~/.mtab.fuseiso; -f after the mount point (docs/lab-notes.md §7).
  daemon(`fuseiso-${host}`, [
    'nsenter',
    '-t',
    String(pid),
    '-m',
    '-u',
    '-n',
    'fuseiso',
    '-n',
    dev,
    '/media/config-2',
    '-f',
    '-o',
    `ro,fsname=${dev}`,
  ])
  await waitFor(`the config drive mount on ${host}`, () =>
    readFileSync(`/proc/${pid}/mounts`, 'utf8').includes(' /media/config-2 '),
  )
}
