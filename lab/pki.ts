// The lab's PKI: a CA that targets.yaml names as the only trust anchor, server certificates from
// it, and the two wrong ones the faults need: one from another CA, one without the IP SAN.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sh } from './proc.ts'
import { statePath } from './state.ts'

export const PKI = statePath('pki')
export const CA_FILE = join(PKI, 'ca.pem')

async function ca(name: string, subject: string): Promise<void> {
  const key = join(PKI, `${name}.key`)
  await sh('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])
  await sh('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-subj',
    subject,
    '-days',
    '3650',
    '-out',
    join(PKI, `${name}.pem`),
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
}

/** A server certificate from `issuer` with these SANs, as one PEM file (cert, then key) for haproxy. */
async function server(name: string, issuer: string, sans: string[], days = 365): Promise<string> {
  const key = join(PKI, `${name}.key`)
  const csr = join(PKI, `${name}.csr`)
  const crt = join(PKI, `${name}.crt`)
  const ext = join(PKI, `${name}.ext`)
  await sh('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])
  await sh('openssl', ['req', '-new', '-key', key, '-subj', `/CN=${name}`, '-out', csr])
  writeFileSync(ext, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
  await sh('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(PKI, `${issuer}.pem`),
    '-CAkey',
    join(PKI, `${issuer}.key`),
    '-CAcreateserial',
    '-days',
    String(days),
    '-extfile',
    ext,
    '-out',
    crt,
  ])
  const pem = join(PKI, `${name}.pem`)
  writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'))
  return pem
}

export interface LabCerts {
  /** DNS and IP SANs, from the lab CA. */
  good: string
  /** The same names from a CA nobody trusts. */
  otherCa: string
  /** From the lab CA, but the DNS SANs only. */
  noIpSan: string
}

export async function makePki(names: string[], ip: string): Promise<LabCerts> {
  mkdirSync(PKI, { recursive: true })
  await Promise.all([ca('ca', '/CN=v6lab CA'), ca('other-ca', '/CN=Somebody Else CA')])
  const dns = names.map((n) => `DNS:${n}`)
  const [good, otherCa, noIpSan] = await Promise.all([
    server('api', 'ca', [...dns, `IP:${ip}`]),
    server('api-other-ca', 'other-ca', [...dns, `IP:${ip}`]),
    server('api-no-ip-san', 'ca', dns),
  ])
  return { good, otherCa, noIpSan }
}
