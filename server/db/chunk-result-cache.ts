import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Finished chunk results by idempotency key, kept for a TTL: in the database, or in Redis. */
export interface ChunkResultCache<T> {
	/** The stored result for `key`, if it is younger than the TTL. */
	get(key: string): Promise<T | undefined>;
	/** Keeps `value`; a concurrent duplicate keeps the first one written. */
	put(key: string, clientJobId: string, chunkIndex: number, value: T): Promise<void>;
	/** Drops results older than the TTL (Redis expires them itself). */
	prune(): Promise<number>;
}

/** Stores finished chunk results by idempotency key in the database, for `ttlMs`. */
export function createChunkResultCache<T>(
	db: Kysely<Database>,
	ttlMs: number
): ChunkResultCache<T> {
	return {
		/** The stored result for `key`, if it is younger than the TTL. */
		async get(key: string): Promise<T | undefined> {
			const row = await db
				.selectFrom('chunk_results')
				.select(['result_json', 'created_at'])
				.where('idempotency_key', '=', key)
				.executeTakeFirst();
			if (!row || Date.now() - Number(row.created_at) > ttlMs) return undefined;
			return JSON.parse(row.result_json) as T;
		},
		/** Keeps `value`; a concurrent duplicate keeps the first one written. */
		async put(key: string, clientJobId: string, chunkIndex: number, value: T): Promise<void> {
			await db
				.insertInto('chunk_results')
				.values({
					idempotency_key: key,
					client_job_id: clientJobId,
					chunk_index: chunkIndex,
					result_json: JSON.stringify(value),
					created_at: Date.now()
				})
				.onConflict((oc) => oc.column('idempotency_key').doNothing())
				.execute();
		},
		/** Drops results older than the TTL. */
		async prune(): Promise<number> {
			const res = await db
				.deleteFrom('chunk_results')
				.where('created_at', '<', Date.now() - ttlMs)
				.executeTakeFirst();
			return Number(res.numDeletedRows);
		}
	};
}
