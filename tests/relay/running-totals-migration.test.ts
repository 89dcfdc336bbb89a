/**
 * Migration 0004 on a database that already has credits: the balance and each job's totals,
 * kept beside the ledger from now on, start equal to the sums of the rows written before it.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.ts';
import { migrations } from '../../server/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from './relay-fixtures.ts';

const made: TestDatabase[] = [];
afterAll(async () => {
	for (const data of made) await data.drop();
});

/** A database migrated only as far as 0003, as a relay from before running totals left it. */
async function databaseBefore0004(backend: 'sqlite' | 'postgres') {
	const data = await createTestDatabase(backend);
	made.push(data);
	const location = data.env.DATABASE_URL ?? join(data.dataDir, 'relay.sqlite');
	const db = new Kysely<unknown>({
		dialect:
			backend === 'postgres'
				? new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 1 }) })
				: new SqliteDialect({ database: new SQLite(location) })
	});
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const { error } = await migrator.migrateTo('0003_google_tokens');
	if (error) throw error;
	return { db, location };
}

describe.each(['sqlite', 'postgres'] as const)('migration 0004 on %s', (backend) => {
	it('starts the kept balance and job totals at the sums of the existing ledger', async () => {
		const { db, location } = await databaseBefore0004(backend);
		const t = Date.UTC(2026, 10, 1);
		await sql`insert into users (id, email, role, created_at, updated_at)
			values ('u1', 'a@example.com', 'user', ${t}, ${t}), ('u2', 'b@example.com', 'user', ${t}, ${t})`.execute(
			db
		);
		await sql`insert into credit_jobs (id, user_id, client_job_id, tier, status, estimate, items,
			created_at, updated_at, expires_at) values
			('j1', 'u1', 'book-1', 'flash', 'closed', 9000, 40, ${t}, ${t}, ${t}),
			('j2', 'u1', 'book-2', 'flash', 'active', 5000, 20, ${t}, ${t}, ${t})`.execute(db);
		const rows: [string, string, string | null, string, number, number | null][] = [
			['l1', 'u1', null, 'grant', 50_000, null],
			['l2', 'u1', 'j1', 'reserve', 9_000, null],
			['l3', 'u1', 'j1', 'settle', 4_000, 1_200],
			['l4', 'u1', 'j1', 'settle', 3_500, 900],
			['l5', 'u1', 'j1', 'release', 1_500, null],
			['l6', 'u1', 'j2', 'reserve', 5_000, null],
			['l7', 'u1', null, 'adjust', -2_000, null],
			['l8', 'u2', null, 'grant', 50_000, null]
		];
		for (const [id, user, job, reason, amount, tokens] of rows) {
			await sql`insert into credit_ledger (id, user_id, job_id, reason, amount, tokens, created_at)
				values (${id}, ${user}, ${job}, ${reason}, ${amount}, ${tokens}, ${t})`.execute(db);
		}
		await db.destroy();

		const relayDb = await openDatabase(location);
		try {
			const users = await relayDb
				.selectFrom('users')
				.select(['id', 'balance_mc'])
				.orderBy('id')
				.execute();
			// 50 000 − 9 000 (j1 held) + 1 500 (released) − 5 000 (j2 held) − 2 000 (adjusted).
			expect(users.map((u) => [u.id, Number(u.balance_mc)])).toEqual([
				['u1', 35_500],
				['u2', 50_000]
			]);
			const jobs = await relayDb
				.selectFrom('credit_jobs')
				.select(['id', 'reserved_mc', 'settled_mc', 'released_mc', 'tokens', 'settles'])
				.orderBy('id')
				.execute();
			expect(
				jobs.map((j) => [
					j.id,
					...[j.reserved_mc, j.settled_mc, j.released_mc, j.tokens, j.settles].map(Number)
				])
			).toEqual([
				['j1', 9_000, 7_500, 1_500, 2_100, 2],
				['j2', 5_000, 0, 0, 0, 0]
			]);
		} finally {
			await relayDb.destroy();
		}
	});
});
