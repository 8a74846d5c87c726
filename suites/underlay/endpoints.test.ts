// API endpoints really listening on IPv6 (OPNFV's underlay question): TCP to every AAAA, the HTTP
// status over IPv6, TLS trusted by the lab's CA alone, v4/v6 parity, and URLs written right.
import { httpV6, parity, tcpV6, tls, urlFormat } from '../../lib/judge/underlay-endpoint.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite(
  [
    urlFormat, // IPv6 literals in endpoint and catalog URLs are bracketed and canonical
    tcpV6, // Every endpoint accepts a TCP connection over IPv6 at each of its addresses
    httpV6, // Every endpoint answers HTTP with the expected status over IPv6
    tls, // Every HTTPS endpoint presents a certificate from the target's CA, naming the host, not about to expire
    parity, // On dual-stack targets, endpoints answer the same over IPv4 and IPv6
  ],
  // url-format also judges catalog entries (`identity/internal`): those sit with the catalog.
  (v) => (v.subject.includes('/') ? 'catalog' : v.subject),
)
