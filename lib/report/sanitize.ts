// Text from hosts (command output, banners, config files) lands in XML, Markdown and the
// terminal. jrb/xmlbuilder silently DELETE XML-illegal characters and only escape the first
// `]]>` in CDATA (libeval §3), so everything is made safe here, visibly, before it gets there.

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) and nF escapes such as `ESC ( B`, which
// `tput sgr0` emits before its CSI. Any other ESC is left for the escaper, so it stays visible.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]+[0-~]/g

// Illegal in XML 1.0: C0 controls except TAB/LF/CR, U+FFFE/U+FFFF and lone surrogates (the `u`
// flag makes a valid pair one code point, so only lone halves match). DEL and C1 are legal
// XML but invisible terminal controls (0x9b is an 8-bit CSI), so they are escaped too.
const ILLEGAL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]/gu

function escapeChar(c: string): string {
  const n = c.charCodeAt(0)
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
}

/** Strips ANSI sequences, escapes illegal characters as `\xNN`/`\uNNNN`, defuses every `]]>`. */
export function sanitizeText(s: string): string {
  return (
    s
      .replace(ANSI, '')
      .replace(ILLEGAL, escapeChar)
      // Last, because stripping can join `]]` and `>`. A zero-width space keeps the text
      // readable and can never close a CDATA section, however many times it occurs.
      .replaceAll(']]>', ']]\u200b>')
  )
}

/** Collapses line breaks (and the blanks around them) into single spaces, for one-line messages. */
export function oneLine(s: string): string {
  return s.replace(/\s*(?:\r\n|[\r\n\u2028\u2029])\s*/g, ' ').trim()
}

/** Caps a one-line field visibly; the full text stays in junit.xml. */
export function clip(s: string, max: number): string {
  const cps = [...s]
  return cps.length <= max ? s : `${cps.slice(0, Math.max(0, max - 1)).join('')}…`
}
