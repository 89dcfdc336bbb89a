/**
 * The ledger's building blocks, each run inside a caller's transaction, meaning the same on
 * SQLite and Postgres. The ledger is append-only; the balance and each job's totals are its
 * sums, kept beside it as each row is appended, so reading them costs one row whatever the
 * ledger's length.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CreditLedgerTable, Database, LedgerReason } from '../db/schema.ts';
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

/** The spendable balance in millicredits (kept by appendEntry). */
export async function balanceOf(trx: Tx, userId: string): Promise<number> {
	const row = await trx
		.selectFrom('users')
		.select('balance_mc')
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	return Number(row.balance_mc);
}

/** A job's ledger sums (kept by appendEntry). */
export async function totalsOf(trx: Tx, jobId: string): Promise<JobTotals> {
	const row = await trx
		.selectFrom('credit_jobs')
		.select(['reserved_mc', 'settled_mc', 'released_mc', 'tokens', 'settles'])
		.where('id', '=', jobId)
		.executeTakeFirstOrThrow();
	return jobTotals(row);
}

/** The totals a job row carries (as read with the row, so no second query is needed). */
export function jobTotals(row: {
	reserved_mc: number;
	settled_mc: number;
	released_mc: number;
	tokens: number;
	settles: number;
}): JobTotals {
	return {
		reserved: Number(row.reserved_mc),
		settled: Number(row.settled_mc),
		released: Number(row.released_mc),
		tokens: Number(row.tokens),
		settles: Number(row.settles)
	};
}

/** How a ledger row moves the spendable balance: a reserve holds, a settle spends what was held. */
export function balanceDelta(reason: LedgerReason, amount: number): number {
	if (reason === 'reserve') return -amount;
	if (reason === 'settle') return 0;
	return amount;
}

/** Moves the user's kept balance by `delta` millicredits (with the ledger row that says why). */
async function addToBalance(trx: Tx, userId: string, delta: number): Promise<void> {
	if (delta === 0) return;
	await trx
		.updateTable('users')
		.set((eb) => ({ balance_mc: eb('balance_mc', '+', delta) }))
		.where('id', '=', userId)
		.execute();
}

const JOB_TOTAL: Partial<Record<LedgerReason, 'reserved_mc' | 'settled_mc' | 'released_mc'>> = {
	reserve: 'reserved_mc',
	settle: 'settled_mc',
	release: 'released_mc'
};

/**
 * Appends one ledger row, and moves the user's balance and the job's totals with it, in the
 * caller's transaction (which holds the user's row lock).
 */
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
	await addToBalance(trx, entry.user_id, balanceDelta(entry.reason, entry.amount));
	const column = JOB_TOTAL[entry.reason];
	if (entry.job_id && column) {
		const settle = entry.reason === 'settle';
		await trx
			.updateTable('credit_jobs')
			.set((eb) => ({
				[column]: eb(column, '+', entry.amount),
				...(settle && {
					tokens: eb('tokens', '+', entry.tokens ?? 0),
					settles: eb('settles', '+', 1)
				})
			}))
			.where('id', '=', entry.job_id)
			.execute();
	}
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
	const inserted = await trx
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
		.executeTakeFirst();
	if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await addToBalance(trx, userId, amount);
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
