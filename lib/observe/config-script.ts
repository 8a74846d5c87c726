// The config part of the observation script (POSIX sh, dash-safe): the text of each config file the
// targets file names, for the hosts.config.* judges.
//
// Output: per file one fence line `@@v6ready:<nonce>:config:<index>:<state>:<size>:<hex path>@@`,
// then the file's bytes (at most CONFIG_LIMIT); `@@v6ready:<nonce>:config:end@@` after the last. The nonce keeps a file from forging a fence; the
// path travels as hex written here, never as what the host prints. Paths come from the user's
// targets file, so each one is single-quoted for sh, never pasted raw (docs/design.md §1.5: no shell strings).
// Files can hold passwords: the runner redacts this section before anything is stored
// (lib/secrets/redact-text.ts).

/** The most of a config file that is read; a bigger file is judged on its first MiB and says so. */
export const CONFIG_LIMIT = 1048576

/** Single quotes keep every byte literal in sh; a `'` itself is closed, escaped and reopened. */
export function shQuote(s: string): string {
  if (s.includes('\0')) throw new Error('a NUL byte cannot be passed to sh')
  return `'${s.replaceAll("'", `'\\''`)}'`
}

export const hexOf = (s: string): string => Buffer.from(s, 'utf8').toString('hex')

/** The sh lines that print every file; empty when there is none. */
export function configScript(nonce: string, paths: readonly string[]): string {
  if (!paths.length) return ''
  // Opening the file is the test: `wc -c <f` opens it as head will, so a file that exists but may
  // not be read (mode, an untraversable directory, root-squashed NFS) is denied, whatever [ -r ]
  // says. The shell's own message for a failed open tells denied from absent (LC_ALL=C keeps it
  // "Permission denied" in dash, bash and busybox). Only regular files are read: a FIFO or
  // /dev/zero would hang the one round trip. `echo $n` drops the padding some wc print.
  const fn = `cf_read() {
  n=0
  if [ -d "$3" ]; then s=directory
  elif [ -e "$3" ] && [ ! -f "$3" ]; then s=special
  elif n=$(wc -c 2>/dev/null <"$3"); then s=ok; n=$(echo $n)
  else
    n=0
    case $( (: <"$3") 2>&1 ) in *'Permission denied'*) s=denied ;; *) s=absent ;; esac
  fi
  printf '\\n@@v6ready:${nonce}:config:%s:%s:%s:%s@@\\n' "$1" "$s" "$n" "$2"
  if [ "$s" = ok ]; then head -c ${CONFIG_LIMIT} "$3" 2>/dev/null; fi
}`
  // The closing fence ends the last file exactly (the section's own end trims trailing newlines).
  return [
    fn,
    ...paths.map((p, i) => `cf_read ${i} ${hexOf(p)} ${shQuote(p)}`),
    `printf '\\n@@v6ready:${nonce}:config:end@@\\n'`,
  ].join('\n')
}
