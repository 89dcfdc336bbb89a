/**
 * What every credit operation shares: its options and the one way it opens a transaction.
 *
 * Concurrency: row locks, not SERIALIZABLE. Each operation is one transaction that first
 * locks the user's row (lockUser: an UPDATE, which takes the same row lock as SELECT … FOR
 * UPDATE and is also valid SQLite). On Postgres, under the default READ COMMITTED, a second
 * transaction of the same user — from this relay or any other — waits at that UPDATE until
 * the first commits, and every statement after it sees what the first wrote; so the balance
 * check and the write that spends can never interleave with another spend. Why not
 * SERIALIZABLE with retry: all of a reader's contention is on one row, where serializable
 * transactions would mostly abort and redo their work (50 parallel reserves → many retries),
 * and a retried reserve would run its non-transactional side effect (the job-start rate
 * limit) again. Queuing on the row lock costs no retries and admits exactly what one relay
 * would. Every operation locks exactly one user row and locks it first, so they cannot
 * deadlock each other. SQLite keeps its own behaviour: one writer at a time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ensureMonthlyGrant, expireReservations, lockUser, monthOf } from './ledger-queries.ts';
import type { PriceTable } from './pricing.ts';
import { toMillicredits } from './pricing.ts';

/** What the credit rules are configured with. */
export interface CreditsOptions {
	pricePer1kTokens: PriceTable;
	/** Credits granted each calendar month. */
	monthlyGrant: number;
	reservationTtlMs: number;
	/** Chunk sizes, so the estimate counts the system instruction once per chunk. */
	chunking: { maxItemsPerChunk: number; maxChunkChars: number };
	now: () => number;
	/** Runs when reserve starts a job (a new one, or one that had been released); throws to refuse. */
	onJobStart?: (userId: string) => Promise<void>;
}

/** The database and rules the credit modules work with. */
export interface CreditContext {
	db: Kysely<Database>;
	opts: CreditsOptions;
	/** The monthly grant, in millicredits. */
	grantMc: number;
	/**
	 * The month whose grant each user is known to have (committed): the grant's insert, a
	 * no-op after the first of the month, is then skipped. Per process, and only a shortcut:
	 * the unique (user, month) index is what makes a grant happen once.
	 */
	grantedMonth: Map<string, string>;
}

/** The context for `opts` over `db`. */
export function creditContext(db: Kysely<Database>, opts: CreditsOptions): CreditContext {
	return { db, opts, grantMc: toMillicredits(opts.monthlyGrant), grantedMonth: new Map() };
}

/**
 * Runs `fn` in a transaction that holds the user's row lock, after granting the month's
 * credits on the user's first activity of the month and releasing lapsed reservations.
 * `housekeeping: false` (a settle) takes the lock only.
 */
export function inUserTransaction<T>(
	ctx: CreditContext,
	userId: string,
	fn: (trx: Kysely<Database>, t: number) => Promise<T>,
	{ housekeeping = true }: { housekeeping?: boolean } = {}
): Promise<T> {
	let month: string | undefined;
	return ctx.db
		.transaction()
		.execute(async (trx) => {
			const t = ctx.opts.now();
			await lockUser(trx, userId, t);
			if (housekeeping) {
				month = monthOf(t);
				if (ctx.grantedMonth.get(userId) !== month) {
					await ensureMonthlyGrant(trx, userId, ctx.grantMc, t);
				}
				await expireReservations(trx, t, userId);
			}
			return fn(trx, t);
		})
		.then((value) => {
			// Known only once committed: a transaction that threw took its grant back with it.
			if (month) {
				if (ctx.grantedMonth.size >= MAX_KNOWN_GRANTS) ctx.grantedMonth.clear();
				ctx.grantedMonth.set(userId, month);
			}
			return value;
		});
}

/** Users whose grant is remembered at once; past that the memory starts again. */
const MAX_KNOWN_GRANTS = 100_000;

/** The user's job with the browser's id `clientJobId`, if any. */
export function findJob(trx: Kysely<Database>, userId: string, clientJobId: string) {
	return trx
		.selectFrom('credit_jobs')
		.selectAll()
		.where('user_id', '=', userId)
		.where('client_job_id', '=', clientJobId)
		.executeTakeFirst();
}
