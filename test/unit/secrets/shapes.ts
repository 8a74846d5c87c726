// Random plantings of the lab's secret shapes, for the property tests of redaction.
import fc from 'fast-check'
import { SECRET_KEYS, SHAPES, type Shape } from '../../../lab/secret-shapes.ts'

/** A secret no other text holds: a marker and random characters from the shape's alphabet. */
export const secretFor = (shape: Shape): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', ...(shape.extra ?? '')), {
      minLength: 6,
      maxLength: 20,
    })
    .map((cs) => `Sq${cs.join('')}`)

/** Benign lines around a planted shape, so it sits at any position in the file. */
export const filler = fc.array(
  fc.constantFrom(
    '# a comment',
    '',
    'host = 2001:db8::11',
    'listen: "[::]:8080"',
    '  nested: {a: 1}',
    'debug = true',
    '[section]',
    '- item',
  ),
  { maxLength: 4 },
)

export interface Planted {
  shape: string
  key: string
  secret: string
  text: string
}

/** One shape, planted under a random key, between random lines. */
export const planted: fc.Arbitrary<Planted> = fc.constantFrom(...SHAPES).chain((shape) =>
  fc
    .record({ key: fc.constantFrom(...SECRET_KEYS), secret: secretFor(shape), before: filler, after: filler })
    .map(({ key, secret, before, after }) => ({
      shape: shape.name,
      key,
      secret,
      text: [...before, shape.text(key, secret), ...after].join('\n'),
    })),
)
