// Run inside the lab (ip netns exec v6lab-mgmt): authenticate against the lab's keystone through
// `authenticate`, and print the outcome with the token reduced to its length.
import { readFileSync } from 'node:fs'
import { authenticate } from '../../../lib/openstack/keystone.ts'

const [authUrl, password, ca] = process.argv.slice(2)
if (!authUrl || !password) throw new Error('usage: keystone-auth.ts AUTH_URL PASSWORD [CA]')
const r = await authenticate(
  { authUrl, username: 'admin', password, project: 'admin', userDomain: 'Default', projectDomain: 'Default' },
  { timeoutMs: 10_000, ...(ca ? { ca: readFileSync(ca, 'utf8') } : {}) },
)
console.log(JSON.stringify(r.ok ? { ...r, token: r.token.length } : r))
