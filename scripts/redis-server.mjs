// A real redis-server (Debian's package) for the tests and the bench: its own loopback port, its
// own temp dir, nothing saved to disk, stopped and removed by stop().
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'
export const haveRedis = existsSync(REDIS_SERVER)

/** @typedef {{ url: string, port: number, stop(): Promise<void> }} RunningRedis */

/** A port no one listens on now (redis-server cannot pick its own: --port 0 turns TCP off). */
/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/** @returns {Promise<RunningRedis>} */
export async function startRedis(timeoutMs = 10_000) {
  // another process may take the port between freePort() and redis' bind: try a few
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOn(await freePort(), timeoutMs)
    } catch (e) {
      if (attempt >= 4 || !/Address already in use/i.test(e.message)) throw e
    }
  }
}

async function startOn(port, timeoutMs) {
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'))
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise((resolve) => child.once('exit', () => resolve()))
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs)
    let settled = false
    const fail = (e) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
      reject(e)
    }
    const hear = (b) => {
      out += b.toString()
      if (!settled && /Ready to accept connections/.test(out)) {
        settled = true
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', hear)
    child.stderr.on('data', hear)
    child.once('error', fail)
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}):\n${out}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(killer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
