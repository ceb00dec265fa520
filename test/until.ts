// Waiting in end-to-end tests for what another process or a queue does: polled, with a deadline
// that names what never came.
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Maybe<T> = T | undefined | null | false

export async function until<T>(get: () => Maybe<T> | Promise<Maybe<T>>, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await get()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}
