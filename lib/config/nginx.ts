// nginx configuration (a file of nginx.conf, or a Debian sites-enabled file included inside http {}),
// tokenized as ngx_conf_read_token does: words separated by whitespace, `;` ends a directive, `{ }`
// a block, # a comment, quotes with backslash escapes, `${var}` kept whole.
//
// Addresses in listen, upstream server, resolver and stream proxy_pass go through ngx_parse_url:
// ngx_parse_inet6_url takes `[v6]` or `[v6]:port`, and anything else goes to ngx_parse_inet_url,
// which takes the FIRST colon as the port separator, so an unbracketed IPv6 literal is always
// refused ("invalid port"). `listen 80` and `listen *:80` bind the IPv4 wildcard only; a server
// block with no listen at all listens on *:80 (or *:8000 when not run as root).
import { listenOption } from './listen-options.ts'
import { isUrl, type ConfigUnit, type ConfigValue, type ParsedConfig } from './values.ts'

const LISTEN = listenOption('nginx', 'listen')

interface Token {
  text: string
  line: number
  quoted: boolean
}
interface Directive {
  name: string
  args: Token[]
  line: number
  block?: Directive[]
}

function lex(src: string): Token[] {
  const out: Token[] = []
  let line = 1
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === '\n') line++
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (c === ';' || c === '{' || c === '}') {
      out.push({ text: c, line, quoted: false })
      i++
      continue
    }
    const start = line
    if (c === '"' || c === "'") {
      let text = ''
      i++
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) i++
        if (src[i] === '\n') line++
        text += src[i]
        i++
      }
      i++
      out.push({ text, line: start, quoted: true })
      continue
    }
    let text = ''
    while (i < src.length && !/[\s;{}]/.test(src[i]!)) {
      if (src[i] === '$' && src[i + 1] === '{') {
        const close = src.indexOf('}', i)
        const end = close < 0 ? src.length : close + 1
        text += src.slice(i, end)
        i = end
        continue
      }
      if (src[i] === '\\' && i + 1 < src.length) i++
      text += src[i]
      i++
    }
    out.push({ text, line: start, quoted: false })
  }
  return out
}

function tree(toks: Token[]): Directive[] {
  let i = 0
  const block = (): Directive[] => {
    const list: Directive[] = []
    let words: Token[] = []
    while (i < toks.length) {
      const t = toks[i++]!
      if (!t.quoted && t.text === '}') break
      if (!t.quoted && (t.text === ';' || t.text === '{')) {
        const [name, ...args] = words
        words = []
        if (!name) continue
        const d: Directive = { name: name.text, args, line: name.line }
        if (t.text === '{') d.block = block()
        list.push(d)
        continue
      }
      words.push(t)
    }
    return list
  }
  return block()
}

const PASS = /^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass$/

export function parseNginx(text: string): ParsedConfig {
  const values: ConfigValue[] = []
  const units: ConfigUnit[] = []
  const walk = (list: Directive[], path: string[]) => {
    const context = path.join(' > ') || 'main'
    const inUpstream = path.some((p) => p.startsWith('upstream'))
    for (const d of list) {
      if (d.block) {
        const label = [d.name, ...d.args.map((a) => a.text)].join(' ')
        if (d.name === 'server' && !inUpstream) {
          const id = `server@${d.line}`
          // Only http servers get a default listen; stream and mail servers must declare one.
          const http = !path.some((p) => p === 'stream' || p === 'mail')
          units.push({ id, line: d.line, ...(http && { implicit: '*:80' }) })
          walkServer(d, id, [...path, `server (line ${d.line})`])
        } else walk(d.block, [...path, label])
        continue
      }
      emit(d, context, inUpstream)
    }
  }
  const walkServer = (d: Directive, unit: string, path: string[]) => {
    for (const x of d.block ?? []) {
      if (x.block) walk([x], path)
      else if (x.name === 'listen') {
        const [addr, ...opts] = x.args
        if (addr && !addr.text.startsWith('unix:'))
          values.push({
            line: x.line,
            key: 'listen',
            context: path.join(' > '),
            text: addr.text,
            role: 'nginx',
            bind: true,
            unit,
            options: opts.map((o) => o.text),
            ...(LISTEN && { bindRule: { by: 'table' as const, option: LISTEN } }),
          })
      } else emit(x, path.join(' > '), false)
    }
  }
  const emit = (d: Directive, context: string, inUpstream: boolean) => {
    const push = (t: Token, role: ConfigValue['role']) =>
      values.push({ line: t.line, key: d.name, context, text: t.text, role })
    const [first] = d.args
    if (d.name === 'server' && inUpstream && first) push(first, 'nginx')
    else if (PASS.test(d.name) && first) push(first, isUrl(first.text) ? 'url' : 'nginx')
    else if (d.name === 'resolver') for (const a of d.args.filter((a) => !a.text.includes('='))) push(a, 'nginx')
    else if (
      (d.name === 'allow' || d.name === 'deny' || d.name === 'set_real_ip_from') &&
      first &&
      first.text !== 'all' &&
      !first.text.startsWith('unix:')
    )
      push(first, 'address')
    else if (d.name === 'server_name') for (const a of d.args) push(a, 'address')
    // Any other URL (return 301 https://…, proxy_redirect, auth_request_set) is still a URL.
    else for (const a of d.args) if (isUrl(a.text)) push(a, 'url')
  }
  walk(tree(lex(text)), [])
  return { values, units }
}
