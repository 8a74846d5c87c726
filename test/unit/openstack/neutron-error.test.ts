// Neutron's error answers turned into one line of data: type and message from the NeutronError
// envelope, and whatever else a proxy or keystonemiddleware may answer with.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parseNeutronError, requestWhat, showCall, showError } from '../../../lib/openstack/neutron-error.ts'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/openstack/${name}`, import.meta.url), 'utf8')

describe('parseNeutronError', () => {
  test.for([
    [
      'neutron-error.invalid-input.json',
      400,
      'InvalidInput',
      /^Invalid input for operation: ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid/,
    ],
    [
      'neutron-error.ip-address-already-allocated.json',
      409,
      'IpAddressAlreadyAllocated',
      /^IP address 2001:db8:100:140::101 already allocated in subnet/,
    ],
    [
      'neutron-error.invalid-ip-for-subnet.json',
      400,
      'InvalidIpForSubnet',
      /is not a valid IP for the specified subnet\.$/,
    ],
    [
      'neutron-error.security-group-rule-parameter-conflict.json',
      400,
      'SecurityGroupRuleParameterConflict',
      /^Conflicting value ethertype IPv6 for CIDR 0\.0\.0\.0\/0$/,
    ],
    ['neutron-error.network-not-found.json', 404, 'NetworkNotFound', /^Network 7bc1d12f-\S+ could not be found$/],
    ['neutron-error.policy-not-authorized.json', 403, 'PolicyNotAuthorized', /is disallowed by policy$/],
  ] as const)('%s: %s %s', ([file, status, type, message]) => {
    const e = parseNeutronError(status, fixture(file))
    expect(e.type).toBe(type)
    expect(e.message).toMatch(message)
    expect(e.detail).toBeUndefined() // an empty detail says nothing
  })

  test("keystonemiddleware's 401 and webob's own 404 page", () => {
    expect(parseNeutronError(401, fixture('keystone-401.lab.json'))).toEqual({
      type: 'Unauthorized',
      message: 'The request you have made requires authentication.',
    })
    expect(parseNeutronError(404, fixture('neutron-error.webob-404.json'))).toEqual({
      type: 'NotFound',
      message: 'The resource could not be found.',
    })
  })

  test('older servers put the message straight under NeutronError; a proxy answers in HTML; an empty body', () => {
    expect(parseNeutronError(400, '{"NeutronError": "Invalid input"}')).toEqual({ message: 'Invalid input' })
    expect(parseNeutronError(502, '<html><body><h1>502 Bad Gateway</h1>\n<p>nothing</p></body></html>')).toEqual({
      message: '502 Bad Gateway nothing',
    })
    expect(parseNeutronError(500, '')).toEqual({ message: 'HTTP 500 with an empty body' })
  })

  test('one line: status and type, then the message; a call with no answer says so', () => {
    expect(
      showError({
        method: 'POST',
        url: 'http://[2001:db8::11]:9696/v2.0/subnets',
        status: 400,
        type: 'InvalidInput',
        message: 'x',
      }),
    ).toBe('400 InvalidInput: x')
    expect(showError({ method: 'POST', url: 'u', type: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe(
      'ECONNREFUSED: connect ECONNREFUSED',
    )
    expect(showCall({ method: 'GET', url: 'http://[::1]:1/v2.0/ports', ms: 3 })).toBe(
      'GET http://[::1]:1/v2.0/ports → no answer (3 ms)',
    )
  })
})

describe('a request in words, for a lost answer no step names', () => {
  const U = 'http://[2001:db8::11]:9696/v2.0'
  test.for([
    ['POST', `${U}/ports`, 'create a port'],
    ['GET', `${U}/ports?device_id=r1`, 'list ports'],
    ['GET', `${U}/ports/p1`, 'show the port p1'],
    ['PUT', `${U}/networks/n1`, 'update the network n1'],
    ['DELETE', `${U}/security-group-rules/g1`, 'delete the security group rule g1'],
    ['PUT', `${U}/routers/r1/add_router_interface`, 'add an interface to the router r1'],
    ['PUT', `${U}/routers/r1/remove_router_interface`, 'remove an interface from the router r1'],
    ['PUT', `${U}/networks/n1/tags`, 'tag the network n1'],
    ['GET', `${U}/extensions`, 'list its extensions'],
  ] as const)('%s %s: %s', ([method, url, words]) => {
    expect(requestWhat(method, url)).toBe(words)
  })

  test('a call with no answer says why when it knows', () => {
    expect(showCall({ method: 'PUT', url: `${U}/routers/r1/add_router_interface`, error: 'timeout', ms: 30_002 })).toBe(
      `PUT ${U}/routers/r1/add_router_interface → no answer: timeout (30002 ms)`,
    )
  })
})
