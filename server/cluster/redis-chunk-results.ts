/**
 * Chunk results and partial results in Redis, so that a retry landing on another relay gets
 * the stored answer (or asks Gemini only for the items still missing). Both expire on their
 * own: results after the idempotency TTL, partials after an hour.
 */
import type { ItemResult } from '../../src/lib/shared/pipeline/types.ts';
import type { ChunkResultCache } from '../db/chunk-result-cache.ts';
import type { PartialStore } from '../normalize/partial-results.ts';
import { KEY_PREFIX, type RedisConnection } from './redis-connection.ts';

/** Finished results under `fnt:result:<key>`, written once (NX) with the TTL. */
export function createRedisChunkResultCache<T>(
	redis: RedisConnection,
	ttlMs: number
): ChunkResultCache<T> {
	const keyOf = (key: string) => `${KEY_PREFIX}result:${key}`;
	return {
		async get(key) {
			const json = await redis.client.get(keyOf(key));
			return json === null ? undefined : (JSON.parse(json) as T);
		},
		async put(key, _clientJobId, _chunkIndex, value) {
			await redis.client.set(keyOf(key), JSON.stringify(value), 'PX', ttlMs, 'NX');
		},
		async prune() {
			return 0;
		}
	};
}

/** Partial results under `fnt:partial:<key>`, a hash of item index → item, with the TTL renewed on each keep. */
export function createRedisPartialStore(redis: RedisConnection, ttlMs = 3_600_000): PartialStore {
	const keyOf = (key: string) => `${KEY_PREFIX}partial:${key}`;
	return {
		async get(key) {
			const fields = await redis.client.hgetall(keyOf(key));
			const items = Object.values(fields).map((json) => JSON.parse(json) as ItemResult);
			return items.length === 0 ? undefined : new Map(items.map((item) => [item.i, item]));
		},
		async keep(key, items) {
			if (items.length === 0) return;
			const k = keyOf(key);
			const fields = items.flatMap((item) => [String(item.i), JSON.stringify(item)]);
			await redis.client
				.multi()
				.hset(k, ...fields)
				.pexpire(k, ttlMs)
				.exec();
		},
		async drop(key) {
			await redis.client.del(keyOf(key));
		}
	};
}
