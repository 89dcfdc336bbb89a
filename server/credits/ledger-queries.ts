/**
 * The ledger's building blocks, each run inside a caller's transaction. Plain SQL that means
 * the same on SQLite and Postgres (CASE, COALESCE, SUM, ON CONFLICT DO NOTHING).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CreditLedgerTable, Database } from '../db/schema.ts';
import { randomId } from '../auth/session-token.ts';

type Tx = Transaction<Database> | Kysely<Database>;

/** A job's reservation totals, in millicredits. */
export interface JobTotals {
	reserved: number;
	settled: number;
	released: number;
	tokens: number;
	settles: number;
}

/** What a job still holds: reserved − released − settled. */
export function remainingOf(t: JobTotals): number {
	return t.reserved - t.released - t.settled;
}

/**
 * Takes the user's row lock for the rest of the transaction. SQLite already serialises
 * writers; on Postgres this UPDATE is what stops two transactions of one user from both
 * reading the same balance and both spending it.
 */
export async function lockUser(trx: Tx, userId: string, now: number): Promise<void> {
	await trx.updateTable('users').set({ updated_at: now }).where('id', '=', userId).execute();
}

/** The spendable balance in millicredits. */
export async function balanceOf(trx: Tx, userId: string): Promise<number> {
	const row = await trx
		.selectFrom('credit_ledger')
		.select(
			sql<number>`coalesce(sum(case
				when reason = 'reserve' then -amount
				when reason = 'settle' then 0
				else amount end), 0)`.as('balance')
		)
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();
	return Number(row.balance);
}

/** Sums of a job's ledger rows. */
export async function totalsOf(trx: Tx, jobId: string): Promise<JobTotals> {
	const row = await trx
		.selectFrom('credit_ledger')
		.select([
			sql<number>`coalesce(sum(case when reason = 'reserve' then amount else 0 end), 0)`.as(
				'reserved'
			),
			sql<number>`coalesce(sum(case when reason = 'settle' then amount else 0 end), 0)`.as(
				'settled'
			),
			sql<number>`coalesce(sum(case when reason = 'release' then amount else 0 end), 0)`.as(
				'released'
			),
			sql<number>`coalesce(sum(case when reason = 'settle' then tokens else 0 end), 0)`.as(
				'tokens'
			),
			sql<number>`coalesce(sum(case when reason = 'settle' then 1 else 0 end), 0)`.as('settles')
		])
		.where('job_id', '=', jobId)
		.executeTakeFirstOrThrow();
	return {
		reserved: Number(row.reserved),
		settled: Number(row.settled),
		released: Number(row.released),
		tokens: Number(row.tokens),
		settles: Number(row.settles)
	};
}

/** Appends one ledger row. */
export async function appendEntry(
	trx: Tx,
	entry: Omit<
		CreditLedgerTable,
		'id' | 'tokens' | 'settle_key' | 'grant_period' | 'note' | 'job_id'
	> &
		Partial<Pick<CreditLedgerTable, 'tokens' | 'settle_key' | 'grant_period' | 'note' | 'job_id'>>
): Promise<void> {
	await trx
		.insertInto('credit_ledger')
		.values({
			id: randomId(10),
			job_id: null,
			tokens: null,
			settle_key: null,
			grant_period: null,
			note: null,
			...entry
		})
		.execute();
}

/** `YYYY-MM` of a time, in UTC. */
export function monthOf(now: number): string {
	return new Date(now).toISOString().slice(0, 7);
}

/**
 * Grants this calendar month's credits the first time the user is seen in it. The unique
 * (user_id, grant_period) index makes a second grant of the month a no-op, even from two
 * relays at once.
 */
export async function ensureMonthlyGrant(trx: Tx, userId: string, amount: number, now: number) {
	if (amount <= 0) return;
	await trx
		.insertInto('credit_ledger')
		.values({
			id: randomId(10),
			user_id: userId,
			job_id: null,
			reason: 'grant',
			amount,
			tokens: null,
			settle_key: null,
			grant_period: monthOf(now),
			note: 'monthly grant',
			created_at: now
		})
		.onConflict((oc) => oc.columns(['user_id', 'grant_period']).doNothing())
		.execute();
}

/** Releases what every lapsed reservation (of one user, or of all) still holds, and marks it expired. */
export async function expireReservations(trx: Tx, now: number, userId?: string): Promise<number> {
	let q = trx
		.selectFrom('credit_jobs')
		.select(['id', 'user_id'])
		.where('status', '=', 'active')
		.where('expires_at', '<=', now);
	if (userId) q = q.where('user_id', '=', userId);
	const lapsed = await q.execute();
	for (const job of lapsed) {
		await releaseRemainder(trx, job, 'expired', 'reservation expired', now);
	}
	return lapsed.length;
}

/**
 * Appends a release of whatever `job` still holds and closes it with `status`. Returns the
 * millicredits released. The one way a reservation ends, by the owner or by expiry.
 */
export async function releaseRemainder(
	trx: Tx,
	job: { id: string; user_id: string },
	status: 'closed' | 'expired',
	note: string | null,
	now: number
): Promise<number> {
	const left = remainingOf(await totalsOf(trx, job.id));
	if (left > 0) {
		await appendEntry(trx, {
			user_id: job.user_id,
			job_id: job.id,
			reason: 'release',
			amount: left,
			note,
			created_at: now
		});
	}
	await trx
		.updateTable('credit_jobs')
		.set({ status, closed_at: now, updated_at: now })
		.where('id', '=', job.id)
		.where('status', '=', 'active')
		.execute();
	return left;
}
