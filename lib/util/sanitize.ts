// Text from outside (hosts, resolvers, endpoints, files) lands in XML, Markdown, HTML and the
// terminal. It is shown, never interpreted: every control that a terminal or a renderer would act
// on is made visible as an escape, so a host cannot retitle the operator's terminal, clear it, plant
// an OSC 8 link or reorder a line with a bidi override. jrb/xmlbuilder silently DELETE XML-illegal
// characters and only escape the first `]]>` in CDATA, so that is made safe here too.

// C0 controls but TAB and LF (ESC starts every terminal escape, so CSI, OSC and nF sequences come
// out as `\x1b[31m`, `\x1b]0;title\x07`), a CR that ends no line (it would overwrite the line on a
// terminal), DEL and C1 (0x9b is an 8-bit CSI), U+FFFE/U+FFFF and lone surrogates (the `u` flag
// makes a valid pair one code point, so only lone halves match), and the invisible format
// characters of Unicode's bidi algorithm (UAX #9: U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069)
// with their relatives (U+2060–U+2064 word joiners, U+FEFF), which reorder or hide text.
const UNSAFE =
  /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]|\r(?!\n)/gu

function escapeChar(c: string): string {
  const n = c.charCodeAt(0)
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`
}

/** Escapes every unsafe character visibly as `\xNN`/`\uNNNN`, and defuses every `]]>`. Idempotent. */
export function sanitizeText(s: string): string {
  return (
    s
      .replace(UNSAFE, escapeChar)
      // A zero-width space keeps the text readable and can never close a CDATA section, however
      // many times it occurs.
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
