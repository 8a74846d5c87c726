// Names as DNS compares them: without the root's trailing dot, case-insensitive (RFC 4343).

/** `a.example.` → `a.example`; the root `.` stays `.`. */
export const withoutRootDot = (name: string): string =>
  name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name

/** The form two names are compared in. */
export const nameKey = (name: string): string => withoutRootDot(name).toLowerCase()
