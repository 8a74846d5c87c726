// hosts.metadata: The guest's metadata sources.
import { hostCheck } from '../define.ts'

export const METADATA_AVAILABLE = hostCheck({
  id: 'hosts.metadata.available',
  tags: [],
  title: 'Guests read their metadata from a source the role allows',
  why: "cloud-init (23.1 and later) tries http://[fe80::a9fe:a9fe%25<if>] before 169.254.169.254; Neutron serves fe80::a9fe:a9fe from 17.0.0 (ML2/OVN from 24.0.0), and the link-local address needs its zone, written %25 in a URL (RFC 6874). A config drive is a filesystem labelled config-2 holding openstack/latest/meta_data.json (cloud-init ConfigDrive, Tempest). A source counts only when meta_data.json parses as JSON with a uuid; v6ready reads a config drive but never mounts one (cloud-init's DataSourceConfigDrive and DataSourceOpenStack).",
  fix: 'IPv6: a Neutron router on the subnet or enable_isolated_metadata, and a link-local address on the guest port; IPv4: the same, and the route to 169.254.169.254; config drive: boot with --config-drive true and mount it read-only. If the proxy answers with something else, check neutron-metadata-agent and nova-api-metadata.',
  subjects: (h) => (h.metadata ? [h.name] : []),
})

/** The hosts.metadata checks, in report order: a new one is appended here. */
export const METADATA_CHECKS = [METADATA_AVAILABLE] as const
