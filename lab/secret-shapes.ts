// Secret shapes as real files write them: each plants one secret value under one key, in one
// format. The lab plants every one on ctl (host-files.ts); the redaction tests plant them at random.

export interface Shape {
  name: string
  /** The text holding `secret` under `key` (a secret key name such as `password`). */
  text: (key: string, secret: string) => string
  /** Characters the secret may hold in this shape, beyond letters and digits. */
  extra?: string
}

export const SHAPES: readonly Shape[] = [
  { name: 'ini', text: (k, s) => `[database]\n${k} = ${s}` },
  { name: 'ini without blanks', text: (k, s) => `${k}=${s}`, extra: '#;=' },
  { name: 'JSON nested on one line', text: (k, s) => `{"auth": {"${k}": "${s}"}}`, extra: `'#;:,{}[]` },
  { name: 'JSON, pretty', text: (k, s) => `{\n  "auth": {\n    "${k}": "${s}",\n    "x": 1\n  }\n}` },
  { name: 'JSON with an escaped quote', text: (k, s) => `{"${k}": "a\\"${s}"}` },
  {
    name: 'YAML block',
    text: (k, s) => `auth:\n  username: admin\n  ${k}: ${s}\n  auth_url: http://[2001:db8::11]:5000/v3`,
  },
  { name: 'YAML flow map', text: (k, s) => `auth: {${k}: ${s}, auth_url: "http://[2001:db8::11]:5000/v3"}` },
  { name: 'YAML flow list of maps', text: (k, s) => `clouds: [{${k}: ${s}}]` },
  { name: 'YAML list item', text: (k, s) => `- name: db\n  ${k}: ${s}` },
  { name: 'YAML single quotes with a doubled quote', text: (k, s) => `${k}: 'it''s${s}'` },
  { name: 'YAML block scalar', text: (k, s) => `${k}: |\n  ${s}\n  more\nother: 1` },
  { name: 'YAML list under the key', text: (k, s) => `${k}:\n  - ${s}\n  - x${s}` },
  { name: 'a flow list under the key', text: (k, s) => `${k}: ["${s}", other]` },
  { name: 'XML element', text: (k, s) => `<config><${k}>${s}</${k}></config>`, extra: `'"/` },
  { name: 'XML element over lines', text: (k, s) => `<${k}>\n  ${s}\n</${k}>` },
  { name: 'XML attribute', text: (k, s) => `<db ${k}="${s}" host="::1"/>` },
  { name: 'env file', text: (k, s) => `export OS_${k.toUpperCase()}=${s}` },
  { name: 'env file, quoted', text: (k, s) => `DB_${k.toUpperCase()}="${s}"` },
  { name: 'systemd Environment', text: (k, s) => `[Service]\nEnvironment="DB_${k.toUpperCase()}=${s}" "OTHER=1"` },
  {
    name: 'command line --key=value',
    text: (k, s) => `ExecStart=/usr/bin/svc --config /etc/svc.conf --${k}=${s} --verbose`,
  },
  { name: 'command line --db-key value', text: (k, s) => `ExecStart=/usr/bin/svc --db-${k} ${s} --verbose` },
  // No comma: `u:a@h,v:b@h2` is oslo.messaging's host list as much as one password (a unit test
  // covers a comma in a password).
  {
    name: 'URL userinfo, unencoded',
    text: (_, s) => `connection = mysql+pymysql://nova:${s}@[2001:db8::11]/nova?charset=utf8`,
    extra: `/#?'"@:`,
  },
  {
    name: 'URL userinfo in a quoted YAML value',
    text: (_, s) => `url: "postgresql://neutron:${s}@db.lab.test:5432/neutron"`,
    extra: `/#?'@:`,
  },
  { name: 'URL query', text: (k, s) => `url = redis://[2001:db8::20]:6379/0?db=1&${k}=${s}&ssl=1` },
  { name: 'token header in a quoted string', text: (_, s) => `headers: ["X-Auth-Token: ${s}", "Accept: */*"]` },
  { name: 'Authorization header', text: (_, s) => `curl -H 'Authorization: Bearer ${s}' https://[2001:db8::11]/` },
  { name: 'nginx header directive', text: (_, s) => `proxy_set_header X-Auth-Token ${s};` },
  { name: 'key among other pairs on one line', text: (k, s) => `a=1 b=2 ${k}=${s} c=3` },
]

/** Key names a secret sits under, as services spell them. */
export const SECRET_KEYS = [
  'password',
  'db_password',
  'admin_token',
  'client_secret',
  'passphrase',
  'api_key',
  'adminPassword',
  'rabbit_pass',
] as const

/** The first 6-character piece of `secret` that `text` still holds: a partial leak counts. */
export function leakOf(text: string, secret: string): string | undefined {
  for (let i = 0; i + 6 <= secret.length; i++) if (text.includes(secret.slice(i, i + 6))) return secret.slice(i, i + 6)
  return undefined
}

export interface LabPlanting {
  /** Where it sits on ctl. */
  path: string
  secret: string
  text: string
  /** A secret the run holds, in no shape: masked where the run writes, not where it reads. */
  verbatim?: true
}

/**
 * Every shape once, each in its own file (so no shape's masking can cover the next one's), under
 * the keys in turn, each secret holding the characters its shape allows. The last file echoes a
 * password the run itself holds, where no key names it.
 */
export function labPlantings(runPassword: string): LabPlanting[] {
  const shaped = SHAPES.map((shape, i): LabPlanting => {
    const secret = `LabSecret${i}${shape.extra ?? ''}End`
    const slug = shape.name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
    return {
      path: `/etc/planted/${String(i).padStart(2, '0')}-${slug}.conf`,
      secret,
      text: `${shape.text(SECRET_KEYS[i % SECRET_KEYS.length] ?? 'password', secret)}\n`,
    }
  })
  return [
    ...shaped,
    {
      path: '/etc/planted/echo.conf',
      secret: runPassword,
      text: `# rotated on Monday: ${runPassword}\n`,
      verbatim: true,
    },
  ]
}
