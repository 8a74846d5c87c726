// Values as the four systems write them: booleans in their several spellings, MAC addresses in
// colon, dash or decimal-byte form; and the first line of a message, for a one-line error.
const TRUE = /^(1|yes|y|true|on)$/i
const FALSE = /^(0|no|n|false|off)$/i
export const bool = (s: string | undefined): boolean | undefined =>
  s === undefined ? undefined : TRUE.test(s.trim()) ? true : FALSE.test(s.trim()) ? false : undefined

export const normMac = (s: string): string | undefined => {
  const t = s.trim().replace(/;$/, '')
  if (/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(t)) return t.replace(/-/g, ':').toLowerCase()
  // Old keyfiles write the MAC as decimal bytes: 250;22;62;0;0;48
  const bytes = t.split(';').map(Number)
  if (bytes.length === 6 && bytes.every((b) => Number.isInteger(b) && b >= 0 && b < 256))
    return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':')
  return undefined
}

export const firstLine = (s: string): string => s.trim().split('\n')[0] ?? ''
