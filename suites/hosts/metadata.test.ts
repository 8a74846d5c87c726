// Guests read their instance metadata: over IPv6 (fe80::a9fe:a9fe), over IPv4, or from a config drive.
import { metadataAvailable } from '../../lib/judge/metadata.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  metadataAvailable, // Guests read their metadata from a source the role allows
])
