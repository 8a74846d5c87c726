// What the lab adds to keystone once it answers: Neutron in the catalog with its service user, and
// the project and member user that v6ready runs as (a normal project member, as Tempest's dynamic
// credentials are). Through Keystone's REST API; lab:up runs this file inside ctl, since the root
// namespace cannot reach keystone.
import { keystoneUrl, REGION } from './keystone.ts'
import { NEUTRON_SERVICE_USER, neutronUrl } from './neutron.ts'
import { adminToken, apiCaller } from './openstack-api.ts'
import { ns } from './plan.ts'
import { inNs, tsNode } from './proc.ts'

/** The account that targets.yaml gives v6ready: the `member` role on its own project, nothing more. */
export const V6READY_USER = { name: 'v6ready', password: 'v6lab-v6ready-password', project: 'v6ready' } as const

const INTERFACES = ['public', 'internal', 'admin'] as const

export interface Registration {
  region: string
  projects: string[]
  users: { name: string; password: string; project: string; role: string }[]
  /** One URL on every interface. */
  services: { type: string; name: string; url: string }[]
}

export function registration(): Registration {
  return {
    region: REGION,
    projects: [NEUTRON_SERVICE_USER.project, V6READY_USER.project],
    users: [
      // keystonemiddleware validates every token it is shown: the install guide's admin role on `service`.
      { ...NEUTRON_SERVICE_USER, role: 'admin' },
      { ...V6READY_USER, role: 'member' },
    ],
    services: [{ type: 'network', name: 'neutron', url: neutronUrl() }],
  }
}

/** Register everything as the admin, independent calls at once; any API error throws with keystone's message. */
export async function register(r: Registration): Promise<void> {
  const call = apiCaller(keystoneUrl(), await adminToken())
  const created = async (path: string, kind: string, body: unknown) =>
    (await call<Record<string, { id: string }>>('POST', path, { [kind]: body }))[kind]?.id ?? ''
  const roleId = async (name: string) =>
    (await call<{ roles: { id: string }[] }>('GET', `/roles?name=${name}`)).roles[0]?.id ?? ''

  const [projects, roles] = await Promise.all([
    Promise.all(
      r.projects.map(
        async (name) => [name, await created('/projects', 'project', { name, domain_id: 'default' })] as const,
      ),
    ),
    Promise.all([...new Set(r.users.map((u) => u.role))].map(async (name) => [name, await roleId(name)] as const)),
    Promise.all(
      r.services.map(async (s) => {
        const service = await created('/services', 'service', { type: s.type, name: s.name })
        await Promise.all(
          INTERFACES.map((i) =>
            created('/endpoints', 'endpoint', { service_id: service, interface: i, url: s.url, region_id: r.region }),
          ),
        )
      }),
    ),
  ])
  const project = new Map(projects)
  const role = new Map(roles)
  await Promise.all(
    r.users.map(async (u) => {
      const pid = project.get(u.project) ?? ''
      const user = await created('/users', 'user', {
        name: u.name,
        password: u.password,
        domain_id: 'default',
        default_project_id: pid,
      })
      await call('PUT', `/projects/${pid}/users/${user}/roles/${role.get(u.role) ?? ''}`)
    }),
  )
}

/** From lab:up: run this file inside ctl. */
export async function registerInKeystone(): Promise<void> {
  const [node, ...args] = tsNode('keystone-register.ts')
  await inNs(ns('ctl'), node, args)
}

if (import.meta.url === `file://${process.argv[1]}`) await register(registration())
