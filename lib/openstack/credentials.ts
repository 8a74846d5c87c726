// Where a target's OpenStack credentials and CA come from: inline in the targets file, or `cloud:`
// read from clouds.yaml the way the OpenStack clients do. Shared by the underlay's catalog
// observation and the overlay's Neutron session, so both authenticate alike.
import { readFileSync } from 'node:fs'
import { rememberSecrets } from '../secrets/known.ts'
import { TargetsError } from '../targets/errors.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { credentialChoice } from './cloud-choice.ts'
import { cloudsYamlCandidates, loadCloud } from './clouds.ts'
import type { Credentials } from './keystone-token.ts'

/** The target's openstack.timeout in ms: the bound of every Keystone and Neutron request it makes, when set. */
export const requestTimeoutMs = (t: ResolvedTarget): number | undefined =>
  t.openstack?.timeout === undefined ? undefined : Math.round(t.openstack.timeout * 1000)

/** tls.ca, else the cloud's cacert; the only trust anchor when set. An unreadable file is a config error. */
export function readCa(t: ResolvedTarget, cloudCa?: string): string | undefined {
  const path = t.tls?.ca ?? cloudCa
  if (path === undefined) return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    const where = t.tls?.ca !== undefined ? `targets.${t.name}.tls.ca` : `targets.${t.name}.openstack.cloud (cacert)`
    throw new TargetsError([
      { file: t.source, path: where, message: `cannot read the CA file ${path}: ${(e as Error).message}` },
    ])
  }
}

/** Inline credentials, or `cloud:` (else $OS_CLOUD) looked up the way the OpenStack clients do; a bad cloud is a config error. */
export function credentialsOf(t: ResolvedTarget): { credentials: Credentials; cacert?: string } | undefined {
  const found = readCredentials(t)
  // From here on the password is masked wherever it appears in what the run writes.
  if (found) rememberSecrets([found.credentials.password])
  return found
}

function readCredentials(t: ResolvedTarget): { credentials: Credentials; cacert?: string } | undefined {
  const o = t.openstack
  if (!o) return undefined
  const choice = credentialChoice(o, process.env)
  if (choice.kind === 'none')
    throw new TargetsError([{ file: t.source, path: `targets.${t.name}.openstack`, message: choice.message }])
  if (choice.kind === 'cloud') {
    try {
      const c = loadCloud(choice.name, cloudsYamlCandidates(process.env, process.cwd()))
      return {
        credentials: { ...c.credentials, ...(o.region !== undefined && { region: o.region }) },
        ...(c.cacert !== undefined && { cacert: c.cacert }),
      }
    } catch (e) {
      const why =
        choice.from === 'OS_CLOUD'
          ? `OS_CLOUD=${choice.name} (openstack.cloud is not set): ${(e as Error).message}`
          : (e as Error).message
      throw new TargetsError([
        { file: t.source, path: `targets.${t.name}.openstack${choice.from === 'cloud' ? '.cloud' : ''}`, message: why },
      ])
    }
  }
  // The schema makes these present when `cloud` is absent.
  return {
    credentials: {
      authUrl: o.auth_url ?? '',
      username: o.username ?? '',
      password: o.password ?? '',
      project: o.project ?? '',
      userDomain: o.user_domain ?? 'Default',
      projectDomain: o.project_domain ?? 'Default',
      ...(o.region !== undefined && { region: o.region }),
    },
  }
}
