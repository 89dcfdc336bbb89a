/**
 * The state a relay would otherwise keep to itself, built in one place: in this process by
 * default, or in Redis when REDIS_URL is set so that any relay can answer any call.
 */
import type { Kysely } from 'kysely';
import { createChunkResultCache, type ChunkResultCache } from '../db/chunk-result-cache.ts';
import type { Database } from '../db/schema.ts';
import { FairGate, type Gate } from '../limits/fair-gate.ts';
import { createRedisFairGate } from '../limits/redis-fair-gate.ts';
import { createRedisFlights } from '../limits/redis-single-flight.ts';
import { SingleFlight, type Flights } from '../limits/single-flight.ts';
import type { ChunkRun, NormalizedChunk } from '../normalize/chunk-types.ts';
import { PartialResults, type PartialStore } from '../normalize/partial-results.ts';
import { CallCancels } from './call-cancels.ts';
import { createRedisChunkResultCache, createRedisPartialStore } from './redis-chunk-results.ts';
import { openRedis, type RedisConnection } from './redis-connection.ts';

/** What shared-state needs from the configuration. */
export interface SharedStateConfig {
	redisUrl?: string;
	relayId?: string;
	idempotencyTtlMs: number;
	geminiGate: { maxConcurrency: number; maxBackoffMs: number };
	gemini?: { timeoutMs: number };
}

/** The relay's shareable state. */
export interface SharedState {
	redis?: RedisConnection;
	cache: ChunkResultCache<NormalizedChunk>;
	partials: PartialStore;
	gate: Gate;
	chunkFlights: Flights<ChunkRun>;
	cancels: CallCancels;
	close(): Promise<void>;
}

/** Builds the state in this process, or in Redis (connecting first, so a bad URL stops the boot). */
export async function createSharedState(
	config: SharedStateConfig,
	db: Kysely<Database>,
	onWait: (ms: number) => void
): Promise<SharedState> {
	const cancels = new CallCancels();
	if (!config.redisUrl) {
		const cache = createChunkResultCache<NormalizedChunk>(db, config.idempotencyTtlMs);
		await cache.prune();
		const gate = new FairGate(config.geminiGate.maxConcurrency, {
			maxBackoffMs: config.geminiGate.maxBackoffMs,
			onWait
		});
		return {
			cache,
			partials: new PartialResults(),
			gate,
			chunkFlights: new SingleFlight(),
			cancels,
			close: async () => gate.close()
		};
	}
	const redis = await openRedis(config.redisUrl);
	const cache = createRedisChunkResultCache<NormalizedChunk>(redis, config.idempotencyTtlMs);
	const gate = await createRedisFairGate(redis, {
		maxCapacity: config.geminiGate.maxConcurrency,
		maxBackoffMs: config.geminiGate.maxBackoffMs,
		relayId: config.relayId,
		onWait
	});
	await cancels.connect(redis);
	return {
		redis,
		cache,
		partials: createRedisPartialStore(redis),
		gate,
		// A joined call needs only the stored result; chunks.normalize reads the balance itself.
		chunkFlights: createRedisFlights<ChunkRun>(redis, async (key) => {
			const result = await cache.get(key);
			return result && { result, chargedMc: 0, balanceMc: 0 };
		}),
		cancels,
		async close() {
			gate.close();
			await redis.close();
		}
	};
}
