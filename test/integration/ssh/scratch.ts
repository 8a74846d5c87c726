import { makeLab, startSshd } from './harness.ts'
import { connectSsh } from '../../../lib/transport/ssh.ts'
const lab = await makeLab()
const s = await startSshd(lab, 'main')
const o = { name: 'x', host: '::1', port: s.port, user: 'root', identity: [lab.plainKey], knownHosts: [s.knownHosts], readyTimeoutMs: 5000, keepaliveIntervalMs: 0, keepaliveCountMax: 3 }
let t0 = performance.now()
const t = await connectSsh(o)
console.log('connect', (performance.now() - t0).toFixed(0))
const run = { timeoutMs: 10000, maxBytes: 1e6 }
for (let k = 0; k < 3; k++) {
  t0 = performance.now()
  for (let i = 0; i < 20; i++) await t.exec('true', run)
  console.log('seq true', ((performance.now() - t0) / 20).toFixed(1))
  const r0 = t.retries
  t0 = performance.now()
  const rs = await Promise.all(Array.from({ length: 50 }, () => t.exec('true', run)))
  console.log('50 conc', (performance.now() - t0).toFixed(0), 'retries', t.retries - r0, 'max single', Math.max(...rs.map((r) => r.durationMs)).toFixed(0))
}
await t.close(); await s.stop(); lab.cleanup()
