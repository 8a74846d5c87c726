// Type-level ties between a zod schema and the hand-written type it checks, so that neither can
// change without the other: `npx tsc --noEmit` fails on any difference, an added optional field too.

/** Intersections and nested objects flattened, so that equal shapes compare equal. */
export type Plain<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { [K in keyof T]: Plain<T[K]> }
    : T

/** True only when A and B are the same type (not merely assignable either way). */
export type Equal<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false

/** Compiles only when given `true`: `type _ = Assert<Equal<X, Y>>`. */
export type Assert<T extends true> = T
