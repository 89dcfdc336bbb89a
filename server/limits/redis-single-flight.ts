/**
 * Joins identical chunk calls across relays: the first relay to take a short, renewed lock
 * in Redis runs the call; a relay that finds the lock taken waits for the stored result
 * instead of asking Gemini a second time. A lock whose holder died lapses, and the next
 * caller runs the call itself. Within one relay the in-process SingleFlight still joins.
 */
import { randomUUID } from 'node:crypto';
import { KEY_PREFIX, luaScript, type RedisConnection } from '../cluster/redis-connection.ts';
import { SingleFlight, type Flights } from './single-flight.ts';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const renewScript = luaScript(RENEW);
const unlockScript = luaScript(UNLOCK);

/** Timings; the defaults suit production. */
export interface RedisFlightOptions {
	/** How long a lock outlives a silent holder. */
	lockMs?: number;
	/** How often a waiting relay looks for the result. */
	pollMs?: number;
}

/** Cross-relay flights: `stored(key)` is where a finished run's value can be found (the result cache). */
export function createRedisFlights<T>(
	redis: RedisConnection,
	stored: (key: string) => Promise<T | undefined>,
	{ lockMs = 5_000, pollMs = 100 }: RedisFlightOptions = {}
): Flights<T> {
	const local = new SingleFlight<{ value: T; joined: boolean }>();
	const lockKey = (key: string) => `${KEY_PREFIX}flight:${key}`;

	async function leadOrWait(
		key: string,
		work: () => Promise<T>
	): Promise<{ value: T; joined: boolean }> {
		const token = randomUUID();
		for (;;) {
			const taken = await redis.client.set(lockKey(key), token, 'PX', lockMs, 'NX');
			if (taken === 'OK') {
				const renew = setInterval(() => {
					void renewScript(redis.client, [lockKey(key)], [token, lockMs]).catch(() => undefined);
				}, lockMs / 3);
				renew.unref?.();
				try {
					return { value: await work(), joined: false };
				} finally {
					clearInterval(renew);
					await unlockScript(redis.client, [lockKey(key)], [token]).catch(() => undefined);
				}
			}
			// Another relay runs this call: wait for its result, or for its lock to go.
			while ((await redis.client.exists(lockKey(key))) === 1) {
				const value = await stored(key);
				if (value !== undefined) return { value, joined: true };
				await new Promise((r) => setTimeout(r, pollMs));
			}
			const value = await stored(key);
			if (value !== undefined) return { value, joined: true };
		}
	}

	return {
		async run(key, work) {
			const { value, joined } = await local.run(key, () => leadOrWait(key, work));
			return { value: value.value, joined: joined || value.joined };
		}
	};
}
