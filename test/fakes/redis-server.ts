// The tests' redis-server is the bench's (scripts/redis-server.mjs): one way to start one.
export { haveRedis, REDIS_SERVER, startRedis } from '../../scripts/redis-server.mjs'
export type RunningRedis = Awaited<ReturnType<typeof import('../../scripts/redis-server.mjs').startRedis>>
