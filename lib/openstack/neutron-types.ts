// Neutron v2.0 resources as v6ready reads them: only the fields the checks judge, loose so that
// the many extension attributes pass through. An answer without these fields is a finding
// ("not the expected shape"), never a TypeError in a check.
import { z } from 'zod'

export const IPV6_MODES = ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'] as const
export type Ipv6Mode = (typeof IPV6_MODES)[number]

const stamp = {
  created_at: z.string().optional(),
  tags: z.array(z.string()).optional(),
  name: z.string().nullable().optional(),
}

export const FixedIp = z.looseObject({ subnet_id: z.string(), ip_address: z.string() })
export const AllocationPool = z.looseObject({ start: z.string(), end: z.string() })
export const HostRoute = z.looseObject({ destination: z.string(), nexthop: z.string() })

export const Network = z.looseObject({
  ...stamp,
  id: z.string(),
  status: z.string().optional(),
  admin_state_up: z.boolean().optional(),
  subnets: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
})

export const Subnet = z.looseObject({
  ...stamp,
  id: z.string(),
  network_id: z.string(),
  ip_version: z.union([z.literal(4), z.literal(6)]),
  cidr: z.string(),
  gateway_ip: z.string().nullable(),
  allocation_pools: z.array(AllocationPool),
  enable_dhcp: z.boolean(),
  ipv6_ra_mode: z.enum(IPV6_MODES).nullable().optional(),
  ipv6_address_mode: z.enum(IPV6_MODES).nullable().optional(),
  dns_nameservers: z.array(z.string()).optional(),
  host_routes: z.array(HostRoute).optional(),
})

export const Port = z.looseObject({
  ...stamp,
  id: z.string(),
  network_id: z.string(),
  mac_address: z.string(),
  fixed_ips: z.array(FixedIp),
  device_id: z.string().optional(),
  device_owner: z.string().optional(),
  admin_state_up: z.boolean().optional(),
})

export const Router = z.looseObject({
  ...stamp,
  id: z.string(),
  admin_state_up: z.boolean().optional(),
  status: z.string().optional(),
})

export const SecurityGroupRule = z.looseObject({
  id: z.string(),
  security_group_id: z.string(),
  direction: z.enum(['ingress', 'egress']),
  ethertype: z.string(),
  protocol: z.string().nullable().optional(),
  port_range_min: z.number().nullable().optional(),
  port_range_max: z.number().nullable().optional(),
  remote_ip_prefix: z.string().nullable().optional(),
})

export const SecurityGroup = z.looseObject({
  ...stamp,
  id: z.string(),
  description: z.string().nullable().optional(),
  security_group_rules: z.array(SecurityGroupRule).optional(),
})

/** The answer of add_router_interface and remove_router_interface. */
export const RouterInterface = z.looseObject({ id: z.string(), subnet_id: z.string(), port_id: z.string() })

export const Extension = z.looseObject({ alias: z.string() })

/** Each resource: its URL path, its JSON key, and its collection key (bulk create, lists). */
export const RESOURCES = {
  network: { path: 'networks', key: 'network', plural: 'networks', schema: Network },
  subnet: { path: 'subnets', key: 'subnet', plural: 'subnets', schema: Subnet },
  port: { path: 'ports', key: 'port', plural: 'ports', schema: Port },
  router: { path: 'routers', key: 'router', plural: 'routers', schema: Router },
  'security-group': {
    path: 'security-groups',
    key: 'security_group',
    plural: 'security_groups',
    schema: SecurityGroup,
  },
  'security-group-rule': {
    path: 'security-group-rules',
    key: 'security_group_rule',
    plural: 'security_group_rules',
    schema: SecurityGroupRule,
  },
} as const

export type Kind = keyof typeof RESOURCES
export type Resource<K extends Kind> = z.infer<(typeof RESOURCES)[K]['schema']>

export type NetworkT = Resource<'network'>
export type SubnetT = Resource<'subnet'>
export type PortT = Resource<'port'>
export type RouterT = Resource<'router'>
export type SecurityGroupT = Resource<'security-group'>
export type SecurityGroupRuleT = Resource<'security-group-rule'>
export type RouterInterfaceT = z.infer<typeof RouterInterface>
