import ssh2 from 'ssh2'
import net from 'node:net'
for (const mode of ['end', 'destroy', 'resetAndDestroy', 'garbage']) {
  const srv = net.createServer((s) => { s.on('error', () => {}); if (mode === 'end') s.end(); else if (mode === 'destroy') s.destroy(); else if (mode === 'garbage') s.end('HTTP/1.1 400 Bad Request\r\n\r\n'); else setTimeout(() => s.resetAndDestroy(), 50) })
  await new Promise<void>((r) => srv.listen(0, '::1', r))
  const port = (srv.address() as net.AddressInfo).port
  const c = new ssh2.Client()
  const seen: string[] = []
  c.on('error', (e) => { seen.push(`${(e as any).level}: ${e.message}`) })
  c.on('close', () => seen.push('close'))
  c.connect({ host: '::1', port, username: 'x', readyTimeout: 2000 })
  await new Promise((r) => setTimeout(r, 300))
  console.log(mode, seen)
  srv.close()
}
