// Feishu's long connection (FEISHU_MODE=ws), watched. The SDK's WSClient pings every couple of
// minutes but by default never notices that no answer comes back: a half-open socket (a NAT or
// proxy that dropped the flow) would leave the bot deaf without an error. With a ping timeout the
// SDK ends such a socket and reconnects; when it gives up (retries exhausted, a refused app), the
// client is started again here, later each time. Its state is in /healthz under its own name.
import * as lark from '@larksuiteoapi/node-sdk'
import type { AppContext } from '../../src/app.js'
import type { Logger } from '../../src/log.js'
import { feishuDomain, sdkLogger } from './send.js'

export const LONG_CONNECTION = 'Feishu long connection'

export interface LongConnectionOptions {
  /**
   * Seconds after a ping without any frame from Feishu before the socket is taken for dead; under
   * the ping interval Feishu sets (120 s), since each ping starts the SDK's watchdog afresh.
   */
  pingTimeoutSec?: number
  /** The first wait before a client that gave up is started again; it doubles up to 10 minutes. */
  restartMs?: number
  /** A start not connected by then is shown down and started again (default 20 s). */
  connectWithinMs?: number
}

// Feishu answers a ping at once; 30 s covers a slow network without leaving the bot deaf long
const PING_TIMEOUT_S = 30
const HANDSHAKE_MS = 15_000
const RESTART_FIRST_MS = 5_000
const RESTART_MAX_MS = 10 * 60_000
// past the handshake's own timeout: an attempt still going by then has failed
const CONNECT_WITHIN_MS = HANDSHAKE_MS + 5_000

export function watchLongConnection({ config, health }: AppContext, log: Logger, dispatcher: lark.EventDispatcher, options: LongConnectionOptions = {}) {
  const firstWait = options.restartMs ?? RESTART_FIRST_MS
  let wait = firstWait
  let timer: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined
  let closed = false
  const up = (what: string) => () => {
    clearTimeout(deadline)
    wait = firstWait
    health.report(LONG_CONNECTION, 'up')
    log.info(`feishu: long connection ${what}`)
  }
  const ws = new lark.WSClient({
    appId: config.FEISHU_APP_ID!,
    appSecret: config.FEISHU_APP_SECRET!,
    domain: feishuDomain(config),
    loggerLevel: lark.LoggerLevel.error,
    logger: sdkLogger(log),
    wsConfig: { pingTimeout: options.pingTimeoutSec ?? PING_TIMEOUT_S },
    handshakeTimeoutMs: HANDSHAKE_MS,
    onReady: up('ready'),
    onReconnected: up('back'),
    onReconnecting: () => {
      health.report(LONG_CONNECTION, 'down', 'connection lost, reconnecting')
      log.warn('feishu: long connection lost, the SDK reconnects')
    },
    onError: (e) => {
      clearTimeout(deadline)
      health.report(LONG_CONNECTION, 'down', e.message)
      if (!closed) again(e, 'feishu: long connection gave up; starting it again')
    },
  })
  function again(err: Error, why: string) {
    log.error({ err, restartInMs: wait }, why)
    timer = setTimeout(start, wait)
    wait = Math.min(wait * 2, RESTART_MAX_MS)
  }
  function start() {
    // a first connection that fails in a way the SDK retries says nothing, and its next try is
    // two minutes or more away (its defaults, until Feishu's own are fetched): starting again
    // supersedes that try
    deadline = setTimeout(() => {
      const e = new Error('not connected yet')
      health.report(LONG_CONNECTION, 'down', e.message)
      again(e, 'feishu: long connection not made; starting it again')
    }, options.connectWithinMs ?? CONNECT_WITHIN_MS)
    deadline.unref()
    ws.start({ eventDispatcher: dispatcher }).catch((e) => log.error({ err: e }, 'feishu: long connection did not start'))
  }
  health.report(LONG_CONNECTION, 'starting')
  start()
  return {
    close() {
      closed = true
      clearTimeout(timer)
      clearTimeout(deadline)
      ws.close({ force: true })
    },
  }
}
