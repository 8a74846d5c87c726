// API endpoints really listening on IPv6 (OPNFV's underlay question): TCP to every AAAA, the HTTP
// status over IPv6, TLS trusted by the lab's CA alone, v4/v6 parity, and URLs written right.
import { httpV6, parity, tcpV6, tls, urlFormat } from '../../lib/judge/underlay-endpoint.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite(
  {
    'underlay.endpoint.url-format': urlFormat,
    'underlay.endpoint.tcp-v6': tcpV6,
    'underlay.endpoint.http-v6': httpV6,
    'underlay.endpoint.tls': tls,
    'underlay.endpoint.parity': parity,
  },
  // url-format also judges catalog entries (`identity/internal`): those sit with the catalog.
  (v) => (v.subject.includes('/') ? 'catalog' : v.subject),
)
