// /etc/resolv.conf (as `cat` printed it) → ResolvConf, read the way glibc's res_init reads it.
import type { ResolvConf } from '../facts.ts'
import { excerpt } from './util.ts'

// What `cat /etc/resolv.conf 2>&1` or the shell print instead of the file.
const NOT_A_FILE =
  /^(?:cat|(?:\/bin\/)?(?:sh|bash|dash))(?:: \d+)?: .*(?:No such file or directory|Permission denied|Is a directory|not found)$/

export function parseResolvConf(raw: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], options: [] }
  for (const text of raw.split('\n')) {
    const line = text.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (NOT_A_FILE.test(line)) throw new Error(`resolv.conf: not readable: ${excerpt(line)}`)
    const [kw, ...args] = line.split(/\s+/)
    if (kw === 'nameserver' && args[0]) out.nameservers.push(args[0])
    else if (kw === 'search' || kw === 'domain')
      out.search = kw === 'domain' ? args.slice(0, 1) : args // the last one wins
    else if (kw === 'options') out.options.push(...args)
    // glibc ignores anything else (sortlist, unknown words), and so do we.
  }
  return out
}
