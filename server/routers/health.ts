import { sql } from 'kysely';
import type { RelayDeps } from '../context.ts';
import { databaseKind } from '../db/database.ts';
import { publicProcedure, router } from '../trpc.ts';

/** Whether the process and its database answer. Shared by /healthz and `health.check`. */
export async function checkHealth(deps: Pick<RelayDeps, 'db' | 'gemini' | 'startedAt' | 'now'>) {
	let db = true;
	try {
		await sql`select 1`.execute(deps.db);
	} catch {
		db = false;
	}
	return {
		ok: db,
		db,
		/** Which engine answered: several relays share one only on Postgres. */
		database: databaseKind(deps.db),
		ai: Boolean(deps.gemini),
		uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000)
	};
}

/** Liveness for monitors and the page. */
export const healthRouter = router({
	check: publicProcedure.query(({ ctx }) => checkHealth(ctx))
});
