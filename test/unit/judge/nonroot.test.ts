// Observed by a user who is not root, and without sudo (capture-nonroot.sh: this machine, read as
// uid 65534 and as root): what that user cannot read is a skip that says so on just the checks that
// need it, never a pass, and every other check comes out as it does for root.
import { describe, expect, test } from 'vitest'
import { dad, forbidden, linkLocal, required } from '../../../lib/judge/addresses.ts'
import { configBindAny } from '../../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../../lib/judge/config-expanded.ts'
import { containerCidr, daemonIpv6, ndpProxy, noNat66 } from '../../../lib/judge/container.ts'
import type { HostJudge } from '../../../lib/judge/host-view.ts'
import { mtu } from '../../../lib/judge/link.ts'
import { acceptsIPv6, dualStack } from '../../../lib/judge/listeners.ts'
import { addrGen } from '../../../lib/judge/privacy.ts'
import { gaiPrecedence, v6Nameserver } from '../../../lib/judge/resolver.ts'
import { defaultRoute } from '../../../lib/judge/routes.ts'
import { acceptRa, disableIpv6, expectedSysctls, forwarding, redirects } from '../../../lib/judge/sysctl.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, view } from './view.ts'

const DIR = '/tmp/v6r-nonroot-capture' // where capture-nonroot.sh put the two config files
const h = host({
  stack: 'dual-stack',
  listeners: { auto: true, expected: [] },
  configs: [
    { path: `${DIR}/nova.conf`, format: 'ini' },
    { path: `${DIR}/readable.conf`, format: 'ini' },
  ],
  containers: { runtime: 'docker', mode: 'routed' },
})

/** The facts as a run makes them for host h: its config files read as their formats. */
const facts = (name: string) => parseHostFacts(splitSections(fixture(name), 'fixture1').sections, h)
const nonroot = facts('full.debian12.nonroot-65534.txt')
const root = facts('full.debian12.root-with-id.txt')

const NEEDS_ROOT = new Set([
  'hosts.config.brackets',
  'hosts.config.bind-any',
  'hosts.config.expanded',
  'hosts.container.no-nat66',
])
const JUDGES: HostJudge[] = [
  required,
  forbidden,
  dad,
  linkLocal,
  disableIpv6,
  acceptRa,
  forwarding,
  redirects,
  expectedSysctls,
  acceptsIPv6,
  dualStack,
  v6Nameserver,
  gaiPrecedence,
  defaultRoute,
  mtu,
  addrGen,
  configBrackets,
  configBindAny,
  configExpanded,
  daemonIpv6,
  containerCidr,
  noNat66,
  ndpProxy,
]
const verdicts = (f: typeof root) => JUDGES.flatMap((j) => j(view(h, f)))
const key = (v: { check: string; subject: string }) => `${v.check} ${v.subject}`
const outcome = (v: { ok: boolean; skip?: string }) => (v.skip ? 'skip' : v.ok ? 'pass' : 'fail')

describe('who observed', () => {
  test('the id section names the user: uid 65534 (nobody) here, root there', () => {
    expect(nonroot.identity).toEqual({ ok: true, value: { uid: 65534, user: 'nobody' } })
    expect(root.identity).toEqual({ ok: true, value: { uid: 0, user: 'root' } })
  })
})

describe('what nobody could not read', () => {
  const mine = verdicts(nonroot)

  test('the 0640 config file: skipped on each of its checks, naming the user and the fix; the readable file is judged', () => {
    const nova = mine.filter((v) => v.subject === `h1:${DIR}/nova.conf`)
    expect(nova.map((v) => [v.check, v.skip])).toEqual([
      [
        'hosts.config.brackets',
        `${DIR}/nova.conf is not readable by user nobody (uid 65534): set ssh.become: sudo for this host (docs/ssh.md), or let that user read the file`,
      ],
      [
        'hosts.config.bind-any',
        `${DIR}/nova.conf is not readable by user nobody (uid 65534): set ssh.become: sudo for this host (docs/ssh.md), or let that user read the file`,
      ],
    ])
    const readable = mine.filter((v) => v.subject === `h1:${DIR}/readable.conf`)
    expect(readable.map(outcome)).toEqual(['pass', 'pass'])
  })

  test("the NAT tables: no-nat66 skipped, naming the user and both tools' refusals", () => {
    const [v] = noNat66(view(h, nonroot))
    expect(v?.skip).toBe(
      'not readable by user nobody (uid 65534): both tools need root (set ssh.become: sudo for this host, docs/ssh.md): ip6tables-save -t nat: "ip6tables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)"; nft -j list ruleset: "Operation not permitted (you must be root)"',
    )
  })

  test('every other check comes out as it does for root: nothing else is lost', () => {
    const asRoot = new Map(verdicts(root).map((v) => [key(v), outcome(v)]))
    const others = mine.filter((v) => !NEEDS_ROOT.has(v.check))
    expect(others.length).toBeGreaterThan(10)
    expect(new Map(others.map((v) => [key(v), outcome(v)]))).toEqual(
      new Map([...asRoot].filter(([k]) => !NEEDS_ROOT.has(k.split(' ')[0] as string))),
    )
  })

  test('for root the same checks are judged, not skipped', () => {
    const r = verdicts(root).filter((v) => NEEDS_ROOT.has(v.check))
    expect(r.filter((v) => v.skip)).toEqual([])
  })
})
