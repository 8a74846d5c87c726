import { makeLab, startSshd } from './harness.ts'
import { connectSsh, keyCacheStats } from '../../../lib/transport/ssh.ts'
const lab = await makeLab()
const s = await startSshd(lab, 'main')
const o = { name: 'x', host: '::1', port: s.port, user: 'root', identity: [lab.plainKey, lab.encKey], passphrase: lab.passphrase, knownHosts: [s.knownHosts], readyTimeoutMs: 5000, keepaliveIntervalMs: 0, keepaliveCountMax: 3 }
const t = await connectSsh(o)
console.log((await t.exec('echo ok', { timeoutMs: 1000, maxBytes: 100 })).stdout, keyCacheStats())
// stdin bigger than the channel window, and an exec with output on both streams > window
const big = 'y'.repeat(5_000_000)
let t0 = performance.now()
const r = await t.exec('cat; cat /dev/null >&2', { stdin: big, timeoutMs: 20000, maxBytes: 10_000_000 })
console.log('5MB echo', r.stdout.length, r.code, (performance.now() - t0).toFixed(0))
// close while an exec is pending
const p = t.exec('sleep 5', { timeoutMs: 10000, maxBytes: 100 }).catch((e) => e.kind + ': ' + e.message)
await new Promise((r) => setTimeout(r, 100))
t0 = performance.now()
await t.close()
console.log('close took', (performance.now() - t0).toFixed(0), await p)
await s.stop(); lab.cleanup()
