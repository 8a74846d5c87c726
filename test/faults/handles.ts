// The socket census of this process: after a probe of faulty servers, every client socket must be
// closed, and each server's side of it too once the FIN arrives.
import { expect } from 'vitest'

// Client and server sockets, UDP included; listening servers are counted, so take the baseline
// after they start.
const SOCKETS = /^(UDPWrap|TCPSocketWrap|TCPWrap|TCPConnectWrap|TLSWrap|GetAddrInfoReqWrap)$/

export const openSockets = (): string[] => process.getActiveResourcesInfo().filter((t) => SOCKETS.test(t))

/** Waits up to `ms` for the census to fall back to `baseline` and for `also()` to hold, then asserts both. */
export async function expectSocketsBack(baseline: number, also: () => boolean = () => true, ms = 2000): Promise<void> {
  const until = Date.now() + ms
  while ((openSockets().length > baseline || !also()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
  expect(openSockets(), 'socket handles left open').toHaveLength(baseline)
  expect(also(), 'a server still holds a connection the client should have closed').toBe(true)
}
