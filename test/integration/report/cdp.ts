// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands
// on fd 3, replies and events on fd 4, each a JSON message ended by NUL), so a test can read
// computed styles without a WebSocket client or a browser-driver package. Styles are read through
// the DOM and CSS domains, never by running script in the page: the report forbids script.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'

export const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p))

/** The env notes' flags for this machine: no background traffic, a fresh profile, no sandbox as root. */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

type Message = {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: Record<string, unknown>
  error?: { message: string }
  sessionId?: string
}

export class Cdp {
  private readonly child: ChildProcess
  private readonly profile = mkdtempSync(join(tmpdir(), 'v6ready-cdp-'))
  private next = 1
  private readonly waiting = new Map<number, { ok: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>()
  private readonly listeners: Array<(m: Message) => void> = []
  private buffer = ''
  private session = ''

  constructor() {
    this.child = spawn(
      CHROMIUM ?? 'chromium',
      [...CHROMIUM_FLAGS, '--remote-debugging-pipe', `--user-data-dir=${this.profile}`, 'about:blank'],
      {
        stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
      },
    )
    const out = this.child.stdio[4] as Readable
    out.setEncoding('utf8')
    out.on('data', (chunk: string) => {
      this.buffer += chunk
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message
        this.buffer = this.buffer.slice(end + 1)
        const w = m.id === undefined ? undefined : this.waiting.get(m.id)
        if (w && m.id !== undefined) {
          this.waiting.delete(m.id)
          if (m.error) w.fail(new Error(m.error.message))
          else w.ok(m.result ?? {})
        } else for (const l of this.listeners) l(m)
      }
    })
  }

  /** A command to the browser, or to the attached page once `open` has run. */
  send(method: string, params: Record<string, unknown> = {}, browser = false): Promise<Record<string, unknown>> {
    const id = this.next++
    const msg = { id, method, params, ...(!browser && this.session && { sessionId: this.session }) }
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail })
      ;(this.child.stdio[3] as Writable).write(`${JSON.stringify(msg)}\0`)
    })
  }

  private event(method: string): Promise<Message> {
    return new Promise((ok) => {
      const l = (m: Message) => {
        if (m.method !== method) return
        this.listeners.splice(this.listeners.indexOf(l), 1)
        ok(m)
      }
      this.listeners.push(l)
    })
  }

  /** Loads `url` in a new page and waits for its load event. */
  async open(url: string): Promise<void> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' }, true)
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }, true)
    this.session = String(sessionId)
    await this.send('Page.enable')
    const loaded = this.event('Page.loadEventFired')
    await this.send('Page.navigate', { url })
    await loaded
    await this.send('DOM.enable')
    await this.send('CSS.enable')
  }

  /**
   * Loads `url` again in the page `open` made, and times it in milliseconds from the navigation:
   * to DOMContentLoaded, to the load event, and to a box for the page's last element, which needs
   * the whole page laid out. Timed here, not by script in the page: the report forbids script.
   */
  async timeLoad(url: string): Promise<{ domContentLoaded: number; load: number; laidOut: number }> {
    const t0 = performance.now()
    const dcl = this.event('Page.domContentEventFired').then(() => performance.now() - t0)
    const loaded = this.event('Page.loadEventFired')
    await this.send('Page.navigate', { url })
    await loaded
    const load = performance.now() - t0
    if (!(await this.box('body > :last-child'))) throw new Error(`${url}: the page's last element has no box`)
    return { domContentLoaded: await dcl, load, laidOut: performance.now() - t0 }
  }

  /** The computed style of the first element `selector` finds: property name → value. */
  async computedStyle(selector: string): Promise<Record<string, string>> {
    const doc = (await this.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } }
    const { nodeId } = (await this.send('DOM.querySelector', { nodeId: doc.root.nodeId, selector })) as {
      nodeId: number
    }
    if (!nodeId) throw new Error(`no element matches ${selector}`)
    const { computedStyle } = (await this.send('CSS.getComputedStyleForNode', { nodeId })) as {
      computedStyle: { name: string; value: string }[]
    }
    return Object.fromEntries(computedStyle.map((p) => [p.name, p.value]))
  }

  /** The rendered size of the first element `selector` finds, or undefined when it has no box (not rendered). */
  async box(selector: string): Promise<{ width: number; height: number } | undefined> {
    const doc = (await this.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } }
    const { nodeId } = (await this.send('DOM.querySelector', { nodeId: doc.root.nodeId, selector })) as {
      nodeId: number
    }
    if (!nodeId) return undefined
    const r = await this.send('DOM.getBoxModel', { nodeId }).catch(() => undefined)
    const model = r?.model as { width: number; height: number } | undefined
    return model && { width: model.width, height: model.height }
  }

  async close(): Promise<void> {
    const exited = new Promise((ok) => this.child.once('exit', ok))
    await this.send('Browser.close', {}, true).catch(() => undefined)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    rmSync(this.profile, { recursive: true, force: true })
  }
}

/** `rgb(251, 227, 225)` → [251, 227, 225]; transparent and unset give undefined. */
export function rgb(css: string | undefined): [number, number, number] | undefined {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(css ?? '')
  if (!m || m[4] === '0') return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}
