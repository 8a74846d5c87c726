// `cloud: NAME` in the targets file: clouds.yaml found where the OpenStack clients look for it
// (openstacksdk's config loader), with secure.yaml merged over it.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { Credentials } from './keystone-token.ts'

/** openstacksdk's order: $OS_CLIENT_CONFIG_FILE, then ./, ~/.config/openstack/, /etc/openstack/. */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd: string, home = homedir()): string[] {
  return [
    ...(env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : []),
    join(cwd, 'clouds.yaml'),
    join(home, '.config/openstack/clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ]
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function merge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v
  return out
}

export interface CloudConfig {
  credentials: Credentials
  cacert?: string
  /** Where it came from, for messages. */
  source: string
}

const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined)

/** The named cloud, from the first clouds.yaml that has it; secure.yaml beside it wins key by key. */
export function loadCloud(name: string, candidates: string[]): CloudConfig {
  for (const file of candidates) {
    if (!existsSync(file)) continue
    const doc = parse(readFileSync(file, 'utf8')) as unknown
    const cloud = isObj(doc) && isObj(doc.clouds) && Object.hasOwn(doc.clouds, name) ? doc.clouds[name] : undefined
    if (!isObj(cloud)) continue
    const secureFile = join(file, '..', 'secure.yaml')
    const secure = existsSync(secureFile) ? (parse(readFileSync(secureFile, 'utf8')) as unknown) : undefined
    const c =
      isObj(secure) && isObj(secure.clouds) && Object.hasOwn(secure.clouds, name) && isObj(secure.clouds[name])
        ? merge(cloud, secure.clouds[name] as Obj)
        : cloud
    const auth = isObj(c.auth) ? c.auth : {}
    const need = (k: string) => {
      const v = str(auth, k)
      if (v === undefined) throw new Error(`${file}: clouds.${name}.auth.${k} is missing`)
      return v
    }
    const region = str(c, 'region_name')
    const cacert = str(c, 'cacert')
    return {
      credentials: {
        authUrl: need('auth_url'),
        username: need('username'),
        password: need('password'),
        // Scoped by names, as the targets file writes them; ids are not names, so they are not guessed.
        project: need('project_name'),
        userDomain: str(auth, 'user_domain_name') ?? 'Default',
        projectDomain: str(auth, 'project_domain_name') ?? 'Default',
        ...(region ? { region } : {}),
      },
      ...(cacert ? { cacert } : {}),
      source: file,
    }
  }
  throw new Error(`cloud "${name}" not found in ${candidates.join(', ')}`)
}
