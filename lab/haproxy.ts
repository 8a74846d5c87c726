// HAProxy on the controller terminates TLS for keystone: one frontend per endpoint that the
// targets file names, each with the certificate its fault (or the clean lab) calls for.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FaultSet } from './faults.ts'
import { keystoneAddress, KEYSTONE_PORT } from './keystone.ts'
import type { LabCerts } from './pki.ts'
import { ns } from './plan.ts'
import { daemon, waitListening } from './proc.ts'
import { statePath } from './state.ts'

export interface TlsFrontend {
  name: string
  port: number
  /** PEM with certificate and key. */
  cert: string
}

/** Each frontend's port, by the name of the endpoint that targets.yaml points at it. */
export const TLS_PORTS = { 'keystone-public': 443, 'keystone-other-ca': 8443, 'keystone-ip': 9443 } as const

export function tlsFrontends(faults: FaultSet, certs: LabCerts): TlsFrontend[] {
  const cert = {
    'keystone-public': certs.good,
    'keystone-other-ca': faults.has('tls-other-ca') ? certs.otherCa : certs.good,
    'keystone-ip': faults.has('tls-no-ip-san') ? certs.noIpSan : certs.good,
  }
  return Object.entries(TLS_PORTS).map(([name, port]) => ({ name, port, cert: cert[name as keyof typeof TLS_PORTS] }))
}

export function haproxyConfig(frontends: TlsFrontend[]): string {
  const ip = keystoneAddress()
  return [
    'global',
    '  maxconn 256',
    '  ssl-default-bind-options ssl-min-ver TLSv1.2',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 10s',
    '  timeout server 10s',
    ...frontends.flatMap((f) => [
      `frontend ${f.name}`,
      // haproxy reads the last colon as the port.
      `  bind ${ip}:${f.port} ssl crt ${f.cert}`,
      '  http-request set-header X-Forwarded-Proto https',
      '  default_backend keystone',
    ]),
    'backend keystone',
    `  server ctl ${ip}:${KEYSTONE_PORT}`,
    '',
  ].join('\n')
}

export async function startHaproxy(frontends: TlsFrontend[]): Promise<void> {
  const dir = statePath('haproxy')
  mkdirSync(dir, { recursive: true })
  const conf = join(dir, 'haproxy.cfg')
  writeFileSync(conf, haproxyConfig(frontends))
  daemon('haproxy', ['ip', 'netns', 'exec', ns('ctl'), 'haproxy', '-db', '-f', conf])
  await waitListening(
    'haproxy',
    ns('ctl'),
    frontends.map((f) => f.port),
  )
}
