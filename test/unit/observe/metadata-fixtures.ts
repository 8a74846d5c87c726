// The metadata captures (capture-metadata.sh) and the secrets their meta_data.json holds on purpose.
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from './fixtures.ts'

/** What the fixtures' meta_data.json holds that must never be stored or shown. */
export const SECRETS = [
  's3cret',
  'hunter2',
  'admin_pass',
  'db_password',
  'ssh-ed25519',
  'FakeKeyForFixturesOnly',
  'cmFuZG9tIHNlZWQ',
]
/** The same secrets as the hex the script prints bodies in. */
export const SECRETS_HEX = SECRETS.map((s) => Buffer.from(s).toString('hex'))

/** Every capture: `guest` is the metadata section of the full guest observation, the others are metadata.<name>.txt. */
export const METADATA_CASES = [
  'guest',
  'no-curl',
  'non-root',
  'http-errors.unmounted',
  'timeout',
  'refused',
  'no-route',
  'no-ipv6',
] as const
export type MetadataCase = (typeof METADATA_CASES)[number]

export const metadataSection = (name: MetadataCase): string =>
  name === 'guest'
    ? (splitSections(fixture('full.netns-md-guest.txt'), 'fixture1').sections.metadata ?? '')
    : fixture(`metadata.${name}.txt`)
