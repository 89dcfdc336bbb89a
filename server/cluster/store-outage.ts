/**
 * Whether a failure is the relay's shared store going away (Redis, or the Postgres server),
 * not a bug: the call is answered 503 with a retry delay, and the browser waits and sends it
 * again without spending one of the chunk's attempts.
 */
import type { RedisConnection } from './redis-connection.ts';

/** ioredis' words for a command sent while it has no connection. */
const REDIS_DOWN =
	/enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|ECONNREFUSED|ECONNRESET/u;

/**
 * Codes of a lost database connection: the socket's, and Postgres' SQLSTATE classes 08
 * (connection exception) and 57P (the server shutting down or starting).
 */
const DB_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const DB_DOWN_SQLSTATE = /^(?:08\w{3}|57P0[1-3])$/u;

/** pg's words for a connection lost, broken, or not to be had in time. */
const PG_DOWN =
	/^(?:Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/u;

function codeOf(err: unknown): string | undefined {
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}

/** Whether `err` (or an error it wraps) comes from a store that does not answer. */
export function isStoreOutage(err: unknown, redis: RedisConnection | undefined): boolean {
	for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		const code = codeOf(e);
		if (code && (DB_DOWN.has(code) || DB_DOWN_SQLSTATE.test(code))) return true;
		if (PG_DOWN.test(e.message)) return true;
		// A Redis error while the client is not connected, whatever its wording.
		if (redis && redis.client.status !== 'ready' && e.name !== 'TRPCError') return true;
		if (redis && REDIS_DOWN.test(e.message)) return true;
	}
	return false;
}
