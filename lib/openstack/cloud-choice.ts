// Which credentials a target's openstack section means: inline ones, `cloud:` from clouds.yaml, or,
// when it names neither, the cloud $OS_CLOUD names, as openstacksdk and the openstack CLI choose it.
import type { OpenStackSpec } from '../targets/schema.ts'

export type CredentialChoice =
  | { kind: 'inline' }
  | { kind: 'cloud'; name: string; from: 'cloud' | 'OS_CLOUD' }
  | { kind: 'none'; message: string }

export function credentialChoice(
  o: OpenStackSpec,
  env: Readonly<Record<string, string | undefined>>,
): CredentialChoice {
  if (o.cloud !== undefined) return { kind: 'cloud', name: o.cloud, from: 'cloud' }
  // The schema lets auth_url and the rest be absent only all together.
  if (o.auth_url !== undefined) return { kind: 'inline' }
  const fromEnv = env.OS_CLOUD
  if (fromEnv) return { kind: 'cloud', name: fromEnv, from: 'OS_CLOUD' }
  return {
    kind: 'none',
    message:
      'no OpenStack credentials: set openstack.cloud (a clouds.yaml entry), give auth_url, username, password and project inline, or export OS_CLOUD',
  }
}
