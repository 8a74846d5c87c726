// A throwaway PKI made with the real openssl for each test run: lab CA, intermediate, leaves with
// and without the IP SAN, an expired leaf, and a second CA that nobody trusts.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Cert {
  key: string
  cert: string
  /** `openssl x509 -fingerprint -sha256`: colon-separated upper-case hex. */
  fingerprint256: string
}

export interface LabPki {
  dir: string
  ca: Cert
  intermediate: Cert
  otherCa: Cert
  /** DNS:api.lab.test, IP:::1, signed by the lab CA. */
  leaf: Cert
  /** DNS:api.lab.test only. */
  leafNoIp: Cert
  /** DNS:api.lab.test, IP:::1, signed by the intermediate. */
  leafViaIntermediate: Cert
  /** Valid 2020-01-01 to 2020-01-02, signed by the lab CA. */
  expired: Cert
  /** Signed by the other CA. */
  leafOtherCa: Cert
  cleanup(): Promise<void>
}

const CONFIG = (dir: string) => `
[ ca ]
default_ca = lab
[ lab ]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
organizationName = optional
commonName = supplied
[ intermediate ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`

const leafExt = (san: string) => `
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = ${san}
`

export async function makeLabPki(): Promise<LabPki> {
  const dir = await mkdtemp(join(tmpdir(), 'v6ready-pki-'))
  const p = (f: string) => join(dir, f)
  await writeFile(p('ca.cnf'), CONFIG(dir))
  await writeFile(p('index.txt'), '')
  await writeFile(p('serial'), '1000\n')
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir })

  const key = (name: string) =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p(`${name}.key`))
  const fingerprint = async (name: string) =>
    (await ssl('x509', '-in', p(`${name}.pem`), '-noout', '-fingerprint', '-sha256')).stdout.trim().replace(/^.*=/, '')
  const load = async (name: string): Promise<Cert> => ({
    key: await readFile(p(`${name}.key`), 'utf8'),
    cert: await readFile(p(`${name}.pem`), 'utf8'),
    fingerprint256: await fingerprint(name),
  })

  async function rootCa(name: string, cn: string) {
    await key(name)
    await ssl(
      'req',
      '-x509',
      '-new',
      '-key',
      p(`${name}.key`),
      '-subj',
      `/O=v6ready lab/CN=${cn}`,
      '-days',
      '3',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      p(`${name}.pem`),
    )
  }

  async function issue(
    name: string,
    issuer: string,
    cn: string,
    ext: { section: string; file?: string },
    dates: string[],
  ) {
    await key(name)
    await ssl('req', '-new', '-key', p(`${name}.key`), '-subj', `/O=v6ready lab/CN=${cn}`, '-out', p(`${name}.csr`))
    await ssl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      p('ca.cnf'),
      '-cert',
      p(`${issuer}.pem`),
      '-keyfile',
      p(`${issuer}.key`),
      '-in',
      p(`${name}.csr`),
      '-out',
      p(`${name}.pem`),
      '-extensions',
      ext.section,
      ...(ext.file ? ['-extfile', ext.file] : []),
      ...dates,
    )
  }

  async function leaf(name: string, issuer: string, san: string, dates: string[] = ['-days', '3']) {
    await writeFile(p(`${name}.ext`), leafExt(san))
    await issue(name, issuer, 'api.lab.test', { section: 'leaf', file: p(`${name}.ext`) }, dates)
  }

  await rootCa('ca', 'v6ready lab CA')
  await rootCa('other-ca', 'v6ready other CA')
  await issue('intermediate', 'ca', 'v6ready lab intermediate', { section: 'intermediate' }, ['-days', '3'])
  const both = 'DNS:api.lab.test,IP:::1'
  await leaf('leaf', 'ca', both)
  await leaf('leaf-no-ip', 'ca', 'DNS:api.lab.test')
  await leaf('leaf-via-intermediate', 'intermediate', both)
  await leaf('expired', 'ca', both, ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'])
  await leaf('leaf-other-ca', 'other-ca', both)

  return {
    dir,
    ca: await load('ca'),
    intermediate: await load('intermediate'),
    otherCa: await load('other-ca'),
    leaf: await load('leaf'),
    leafNoIp: await load('leaf-no-ip'),
    leafViaIntermediate: await load('leaf-via-intermediate'),
    expired: await load('expired'),
    leafOtherCa: await load('leaf-other-ca'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}
