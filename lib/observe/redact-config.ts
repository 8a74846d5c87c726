// Secrets in config files, redacted before the config section is stored (observations.json) and so
// before any judge, report or evidence can show them. Line numbers stay, and so does everything the
// config judges read: keys, hosts, ports, brackets. Format-agnostic on purpose: ini, nginx, haproxy,
// YAML and JSON share these shapes, and a missed format must not mean a leaked password.

const MASK = '***'
/** Where a whole value is replaced: quoted, so YAML does not read `***` as an alias and JSON stays JSON. */
const QUOTED_MASK = `"${MASK}"`

// Key names that hold secrets: password, admin_password, rabbit_pass, metadata_proxy_shared_secret,
// memcache_secret_key, admin_token, *_psk, redis requirepass/masterauth, adminPassword (camelCase).
const SECRET_KEY = /passw(or)?d|passphrase|secret|token|credential|api_?key|private_?key|(^|[_.-])(pass|pwd|psk)$|^(requirepass|masterauth)$|(auth|access|encryption|signing|hmac|fernet)[_-]?keys?$/i
// ...except keys that name where or how long, not what: token_cache_time, secret_file, token_provider.
// nginx's proxy_pass and friends hold addresses the brackets judge needs.
const NOT_SECRET = /(_|^)(url|uri|endpoint|host|hosts|address|server|servers|port|file|path|dir|time|timeout|expiration|provider|driver|format|type|length|size|cache|ttl|enabled)$|^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass$/i

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET.test(key)
}

// `key = value`, `key: value`, `"key": value`, `- key: value`, and directives `key value` (nginx, haproxy).
const KEY_LINE = /^(\s*(?:-\s+)?)(["']?)([A-Za-z_][\w.-]*)\2(\s*[=:]\s*|\s+)(.*)$/
// The same shape inside a line: flow mappings ({password: x}), JSON on one line, `a=1 password=x`.
const INLINE = /(^|[;,{(\s])(["']?)([A-Za-z_][\w.-]*)\2(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,}#'"]+)/g
// A URL query: ?password=x&db=0. Its own rule, since a URL's value above runs through the query.
const QUERY = /([?&])([A-Za-z_][\w.-]*)=([^&#\s"']*)/g
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/

const indentOf = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0

/** A value as a whole: its quotes kept, a trailing `;` or `,` kept (nginx, JSON). */
function maskValue(value: string): string {
  const q = value[0]
  if (q === '"' || q === "'") {
    const close = value.indexOf(q, 1)
    return close < 0 ? QUOTED_MASK : `${q}${MASK}${value.slice(close)}`
  }
  const tail = /\s*[;,]\s*$/.exec(value)?.[0] ?? ''
  return value.trim() === '' ? value : `${QUOTED_MASK}${tail}`
}

/** A flow list or map on one line (`["a", "b"]`, `{db: x}`): each item or value masked, keys and brackets kept. */
const maskFlow = (value: string): string => value.replace(/("[^"]*"|'[^']*'|[^\s,[\]{}:"']+)(?=\s*[,\]}])/g, QUOTED_MASK)

/** A line inside a secret's block: values masked, JSON/YAML punctuation and nested keys kept. */
function maskNested(line: string): string {
  const body = line.trim()
  if (body === '' || /^[[\]{},]*$/.test(body)) return line
  const k = KEY_LINE.exec(line)
  if (k && /[=:]/.test(k[4] ?? '')) {
    const value = k[5] ?? ''
    return /^[[{]/.test(value) || value === '' ? line : `${k[1]}${k[2]}${k[3]}${k[2]}${k[4]}${maskValue(value)}`
  }
  const item = /^(\s*-\s+)(.*)$/.exec(line)
  if (item) return `${item[1]}${maskValue(item[2] ?? '')}`
  return `${line.slice(0, indentOf(line))}${maskValue(body)}`
}

/** `scheme://user:password@host`: the password (or a bare token as user) masked, in every host of a list. */
function maskUserinfo(line: string): string {
  return line.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/?#"'<>]*)/g, (_, scheme: string, authority: string) => {
    // oslo.messaging: rabbit://u:p@h1:5672,u:p@h2:5672/ — each host has its own userinfo.
    const hosts = authority.split(',').map((part) => {
      const at = part.lastIndexOf('@')
      if (at < 0) return part
      const userinfo = part.slice(0, at)
      const colon = userinfo.indexOf(':')
      return `${colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`}${part.slice(at)}`
    })
    return `${scheme}${hosts.join(',')}`
  })
}

function maskInline(line: string): string {
  return line
    .replace(QUERY, (m, lead: string, key: string) => (isSecretKey(key) ? `${lead}${key}=${MASK}` : m))
    .replace(INLINE, (m, lead: string, q: string, key: string, sep: string, value: string) => {
      // Not a URL's `scheme://`, not a block scalar or nested map (handled line by line), not done already.
      if (!isSecretKey(key) || value.startsWith('//') || /^[|>[{]/.test(value) || value === QUOTED_MASK) return m
      return `${lead}${q}${key}${q}${sep}${maskValue(value)}`
    })
    .replace(/^(\s*stats\s+auth\s+[^:\s]+:)(\S+)/, `$1${MASK}`) // haproxy: stats auth user:password
    .replace(/^(\s*user\s+\S+\s+(?:password|insecure-password)\s+)(\S+)/, `$1${MASK}`) // haproxy userlist: user x password HASH
    .replace(/(Authorization["']?\s*[:\s]\s*["']?(?:Basic|Bearer|Token|Digest)\s+)([^\s"';]+)/gi, `$1${MASK}`)
    .replace(/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----).*?(-----END [A-Z0-9 ]*PRIVATE KEY-----)/g, `$1${MASK}$2`)
}

/** One file's text with its secrets masked; the same number of lines. */
export function redactConfig(text: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  // While > -1: lines indented deeper than this belong to a secret's value (block scalar, ini continuation, nested map).
  let under = -1
  let inPem = false
  for (const line of lines) {
    if (inPem) {
      if (PEM_END.test(line)) {
        inPem = false
        out.push(line)
      } else out.push(line.trim() === '' ? line : `${line.slice(0, indentOf(line))}${MASK}`)
      continue
    }
    if (under >= 0) {
      if (line.trim() === '' || indentOf(line) > under) {
        out.push(maskNested(line))
        continue
      }
      under = -1
    }
    if (PEM_BEGIN.test(line) && !PEM_END.test(line)) inPem = true
    let l = maskUserinfo(line)
    const k = KEY_LINE.exec(l)
    if (k && isSecretKey(k[3] ?? '')) {
      const value = k[5] ?? ''
      const head = `${k[1]}${k[2]}${k[3]}${k[2]}${k[4]}`
      const structured = /^[[{]/.test(value)
      const flowOnOneLine = structured && /[\]}]\s*,?\s*$/.test(value)
      if (flowOnOneLine) l = `${head}${maskFlow(value)}`
      else if (!structured && value !== '' && !BLOCK_SCALAR.test(value)) l = `${head}${maskValue(value)}`
      // Unquoted values continue on deeper lines (ini continuation, YAML plain scalars); so do blocks
      // and nested maps. Deeper than the key's own column: in `- password: x` siblings sit under `password`.
      if (!/^["']/.test(value) && !flowOnOneLine) under = (k[1] ?? '').length
    }
    out.push(maskInline(l))
  }
  return out.join('\n')
}

/** The config section as the script prints it: every file's body redacted on its own, fences kept. */
export function redactConfigSection(section: string): string {
  // Fences are the script's own lines (@@v6ready:<nonce>:config:…@@, and the parts' part: and rc:
  // fences): none of the rules touch them, and cutting at them keeps one file's continuation from
  // running into the next.
  return section
    .split(/(^@@v6ready:[a-z0-9]+:(?:config|part|rc):[^\n]*@@$)/m)
    .map((part, i) => (i % 2 === 1 ? part : redactConfig(part)))
    .join('')
}
