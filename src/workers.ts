// Several bot processes behind one port (WORKERS, default one a core), with node:cluster: the
// primary holds the listening socket and hands each new connection to a worker in turn, and
// starts again a worker that dies. Only with a store the processes share (REDIS_URL): the
// embedded store is a file that one process owns (its journal and snapshot would be rewritten
// over each other's changes), so without Redis the bot is one process.
//
// What holds across workers: a platform message is answered once (the store's claim); turns of
// one conversation run one at a time (the store's lock); the first worker alone runs what a
// deployment runs once (WeChat's login, Feishu's long connection, the hourly check); /healthz in
// any worker shows every channel, those of other workers as they last reported through the primary.
import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { z } from 'zod'
import { appLogger, startApp, type Adapter } from './app.js'
import type { Config } from './config.js'
import { Channels, Health } from './health.js'
import type { Logger } from './log.js'
import { Asker } from './officials/schema.js'
import { type Senders, Unreachable } from './outbound.js'

const WORKER_ENV = 'POLICY_GUIDE_WORKER'
/** A worker that dies sooner than this after its start waits longer each time before the next. */
const STEADY_MS = 10_000
const RESTART_MS = [1000, 30_000] as const

export const workerCount = (config: Config): number => (config.REDIS_URL ? (config.WORKERS ?? availableParallelism()) : 1)

/** How long a message relayed to the other workers may take (a WeChat reply is paced). */
const RELAY_MS = 60_000

// any channel a sender is registered for, not only the askers' channels the desk knows
const Recipient = Asker.pick({ chatId: true, senderId: true, isGroup: true }).extend({ channel: z.string() })
// what a worker tells the primary, and the primary the workers; `send` asks the others to reach a
// person this worker cannot, `deliver` asks one worker, `delivered` and `sent` answer them
const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), url: z.string() }),
  z.object({ type: z.literal('failed'), message: z.string(), code: z.string().optional(), port: z.number().optional() }),
  z.object({ type: z.literal('health'), channels: Channels }),
  z.object({ type: z.literal('send'), id: z.number(), to: Recipient, text: z.string() }),
  z.object({ type: z.literal('deliver'), id: z.number(), to: Recipient, text: z.string() }),
  z.object({ type: z.literal('delivered'), id: z.number(), ok: z.boolean() }),
  z.object({ type: z.literal('sent'), id: z.number(), ok: z.boolean() }),
])

/** Asks over IPC and waits for the answer with the same id; false when none comes in time. */
class Requests {
  private next = 0
  private waiting = new Map<number, (ok: boolean) => void>()

  ask(send: (id: number) => void): Promise<boolean> {
    const id = ++this.next
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer(id, false), RELAY_MS)
      this.waiting.set(id, (ok) => {
        clearTimeout(timer)
        this.waiting.delete(id)
        resolve(ok)
      })
      send(id)
    })
  }

  answer(id: number, ok: boolean) {
    this.waiting.get(id)?.(ok)
  }
}
type Message = z.infer<typeof Message>

export interface Serving {
  url: string
  workers: number
  stop(): Promise<void>
}

/**
 * Serves the bot: in one process, or as WORKERS workers when the store is shared. Resolves in
 * the process that was started; in a worker it never does (the primary stops it).
 */
export async function serve(config: Config, adapters: Adapter[], log: Logger = appLogger(config)): Promise<Serving> {
  if (cluster.isWorker) return work(config, adapters, log)
  if ((config.WORKERS ?? 1) > 1 && !config.REDIS_URL) log.warn('WORKERS 需要共享存储 REDIS_URL：内置存储只能由一个进程写入，现以一个进程运行 / WORKERS needs REDIS_URL; running one process')
  const n = workerCount(config)
  if (n === 1) {
    const app = await startApp(config, adapters, log)
    return { url: app.url, workers: 1, stop: app.stop }
  }
  return lead(n, log)
}

function lead(n: number, log: Logger): Promise<Serving> {
  let stopping = false
  const workers = new Map<Worker, number>() // → its index, 1 … n
  const channels = new Map<number, Channels>() // index → its channels as last reported
  const deliveries = new Requests()
  const send = (w: Worker, m: Message) => w.isConnected() && w.send(m)
  // the first worker's word wins for a channel several run (theirs are alike)
  const broadcast = () => {
    const all: Channels = Object.assign({}, ...[...channels.keys()].sort((a, b) => b - a).map((i) => channels.get(i)))
    for (const w of workers.keys()) send(w, { type: 'health', channels: all })
  }
  const stop = async () => {
    stopping = true
    const exits = [...workers.keys()].map((w) => new Promise((resolve) => w.once('exit', resolve)))
    for (const w of workers.keys()) {
      w.process.kill('SIGTERM')
      // a worker's stop waits at most seconds for work in flight; one that hangs is not waited for
      setTimeout(() => w.process.kill('SIGKILL'), 15_000).unref()
    }
    await Promise.all(exits)
  }

  return new Promise((resolve, reject) => {
    // running once every worker listens: with PORT=0, a worker killed before the others listen
    // would take the port with it
    const listening = new Set<number>()
    let running = false
    let wait: number = RESTART_MS[0]
    const fork = (index: number) => {
      const started = Date.now()
      const w = cluster.fork({ [WORKER_ENV]: String(index) })
      workers.set(w, index)
      w.on('message', (raw) => {
        const parsed = Message.safeParse(raw)
        if (!parsed.success) return
        const m = parsed.data
        if (m.type === 'health') {
          channels.set(index, m.channels)
          broadcast()
        } else if (m.type === 'listening' && !running) {
          listening.add(index)
          if (listening.size < n) return
          running = true
          resolve({ url: m.url, workers: n, stop })
        } else if (m.type === 'failed' && !running) {
          // a start that fails (a port in use, a wrong setting) fails the same way in every worker
          void stop().then(() => reject(Object.assign(new Error(m.message), { code: m.code, port: m.port })))
        } else if (m.type === 'send') {
          // the other workers in turn, until one reaches the person
          void (async () => {
            let ok = false
            for (const other of [...workers.keys()].filter((x) => x !== w)) if (!ok) ok = await deliveries.ask((id) => send(other, { type: 'deliver', id, to: m.to, text: m.text }))
            send(w, { type: 'sent', id: m.id, ok })
          })()
        } else if (m.type === 'delivered') deliveries.answer(m.id, m.ok)
      })
      w.on('exit', (code, signal) => {
        workers.delete(w)
        if (stopping) return
        const at = new Date().toISOString()
        const lastError = { message: `worker ${index} exited (${signal ?? code})`, at }
        channels.set(index, Object.fromEntries(Object.entries(channels.get(index) ?? {}).map(([name, c]) => [name, { ...c, state: 'down' as const, since: at, lastError }])))
        broadcast()
        wait = Date.now() - started < STEADY_MS ? Math.min(wait * 2, RESTART_MS[1]) : RESTART_MS[0]
        log.error({ worker: index, code, signal, restartInMs: wait }, '工作进程退出，稍后重启 / worker exited, restarting')
        // not unref'd: with every worker gone, this timer is what keeps the primary running
        setTimeout(() => stopping || fork(index), wait)
      })
    }
    for (let i = 1; i <= n; i++) fork(i)
  })
}

async function work(config: Config, adapters: Adapter[], log: Logger): Promise<never> {
  const index = Number(process.env[WORKER_ENV]) || 1
  const say = (m: Message, then: () => void = () => {}) => process.send?.(m, then)
  const health = new Health()
  health.onChange = (own) => say({ type: 'health', channels: own })
  const relays = new Requests()
  let senders: Senders | undefined
  process.on('message', (raw) => {
    const parsed = Message.safeParse(raw)
    if (!parsed.success) return
    const m = parsed.data
    if (m.type === 'health') health.setElsewhere(m.channels)
    else if (m.type === 'sent') relays.answer(m.id, m.ok)
    else if (m.type === 'deliver')
      void (senders?.sendHere(m.to, m.text) ?? Promise.reject())
        .then(() => true, () => false)
        .then((ok) => say({ type: 'delivered', id: m.id, ok }))
  })
  // a Ctrl-C reaches every process of the terminal's group: the primary decides, and stops us
  process.on('SIGINT', () => {})
  try {
    const app = await startApp(config, adapters, log.child({ worker: index }), { leads: index === 1, health })
    senders = app.senders
    senders.elsewhere = async (to, text) => {
      if (!(await relays.ask((id) => say({ type: 'send', id, to, text })))) throw new Unreachable('no other worker reached them either')
    }
    const stop = () => void app.stop().finally(() => process.exit(0))
    process.once('SIGTERM', stop).once('disconnect', stop)
    say({ type: 'listening', url: app.url })
  } catch (e) {
    const { message, code, port } = e as { message: string; code?: string; port?: number }
    say({ type: 'failed', message, code, port }, () => process.exit(1))
  }
  return new Promise<never>(() => {})
}
