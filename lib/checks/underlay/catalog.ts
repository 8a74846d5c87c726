// underlay.catalog: The Keystone catalog.
import { catalogEntries } from '../subjects.ts'
import { underlayCheck } from '../define.ts'

export const CATALOG_IPV6_ONLY = underlayCheck({
  id: 'underlay.catalog.ipv6-only',
  tags: ['smoke'],
  title: 'Every Keystone catalog endpoint can be reached over IPv6',
  why: 'Clients dial what the catalog tells them, on every interface (public, internal, admin, as the OPNFV IPv6 tests check them). An IPv4 literal or a name without an AAAA leaves IPv6-only clients and services with nothing to dial, however well the auth URL works.',
  fix: "Point each endpoint at a bracketed IPv6 literal or a name with an AAAA: openstack endpoint set --url 'http://[2001:db8::11]:5000/v3' <endpoint-id>.",
  subjects: catalogEntries,
})

export const CATALOG_REACHABLE = underlayCheck({
  id: 'underlay.catalog.reachable',
  tags: [],
  title: 'Every Keystone catalog endpoint answers over IPv6',
  why: 'The OPNFV underlay test reuses the catalog to check that each API listens on IPv6. Any answer below 500 counts, 401 and 404 included: the service itself answered; a 5xx or no answer means nothing usable is behind the URL.',
  fix: "Make the service listen on the catalog URL's IPv6 address and port, open the port for IPv6, and check the proxy's backend for a 5xx.",
  subjects: catalogEntries,
})

/** The underlay.catalog checks, in report order: a new one is appended here. */
export const CATALOG_CHECKS = [CATALOG_IPV6_ONLY, CATALOG_REACHABLE] as const
