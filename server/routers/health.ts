import { sql } from 'kysely';
import type { RelayDeps } from '../context.ts';
import { databaseKind } from '../db/database.ts';
import { publicProcedure, router } from '../trpc.ts';

/** Whether the process and its database answer. Shared by /healthz and `health.check`. */
export async function checkHealth(
	deps: Pick<RelayDeps, 'db' | 'gemini' | 'startedAt' | 'now' | 'redis'>
) {
	let db = true;
	try {
		await sql`select 1`.execute(deps.db);
	} catch {
		db = false;
	}
	// Only when configured: a relay without REDIS_URL keeps its state in its own process.
	const redis = deps.redis ? { ok: await deps.redis.ping() } : undefined;
	return {
		ok: db && (redis?.ok ?? true),
		db,
		/** The shared Redis of several relays (limits, stored answers, the Gemini gate), if any. */
		redis,
		/** The database, and which engine it is: several relays share one only on Postgres. */
		database: { ok: db, engine: databaseKind(deps.db) },
		ai: Boolean(deps.gemini),
		uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000)
	};
}

/** The /healthz body: whether the relay, its database and Gemini are available; no uptime. */
export function publicHealth(h: Awaited<ReturnType<typeof checkHealth>>) {
	return { ok: h.ok, ai: h.ai, database: h.database, ...(h.redis ? { redis: h.redis } : {}) };
}

/** Liveness for monitors and the page. */
export const healthRouter = router({
	check: publicProcedure.query(({ ctx }) => checkHealth(ctx))
});
