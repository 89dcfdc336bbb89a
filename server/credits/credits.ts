/**
 * Credits: reserve before a job, settle each chunk's real usage, release the rest.
 *
 * Every operation is one transaction that begins by locking the user's row, granting the
 * month's credits if this is the user's first activity of the month, and releasing lapsed
 * reservations. The balance check and the write that spends are in the same transaction,
 * so parallel calls cannot both spend the same credits. Rules:
 * - reserve holds the relay's estimate, or refuses (402) when the balance cannot cover it;
 *   reserving again for an active job only tops it up to the new estimate.
 * - a chunk runs only when its job's reservation covers the estimates of all of the job's
 *   running chunks; a shortfall is reserved from the balance, or the chunk gets 402.
 * - settle charges a chunk's billed tokens to its job's reservation; beyond the reservation
 *   it draws the balance down to 0 but never below (the rest is recorded as uncollected),
 *   by first reserving the difference, so that for every job reserved − released = settled.
 * - release returns what a job still holds; so does expiry, 24 h after the job was last
 *   reserved or settled.
 */
import type { Kysely } from 'kysely';
import type { CreditJobTable, Database, LedgerReason } from '../db/schema.ts';
import { randomId } from '../auth/session-token.ts';
import { CreditsError, insufficientCredits } from './credit-errors.ts';
import { estimateTokens, type EstimateItem, type TokenEstimate } from './estimate.ts';
import {
	appendEntry,
	balanceOf,
	ensureMonthlyGrant,
	expireReservations,
	lockUser,
	releaseRemainder,
	remainingOf,
	totalsOf,
	type JobTotals
} from './ledger-queries.ts';
import { costOfTokens, toCredits, toMillicredits, type PriceTable } from './pricing.ts';

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

/** The credit rules the relay's configuration sets; the caller adds the clock and hooks. */
export function creditRulesFrom(config: {
	credits: { pricePer1kTokens: PriceTable; monthlyGrant: number; reservationTtlMs: number };
	limits: { maxItemsPerChunk: number; maxChunkChars: number };
}): Omit<CreditsOptions, 'now' | 'onJobStart'> {
	return {
		pricePer1kTokens: config.credits.pricePer1kTokens,
		monthlyGrant: config.credits.monthlyGrant,
		reservationTtlMs: config.credits.reservationTtlMs,
		chunking: {
			maxItemsPerChunk: config.limits.maxItemsPerChunk,
			maxChunkChars: config.limits.maxChunkChars
		}
	};
}

/** A job's reservation as its owner sees it, in credits. */
export interface JobView {
	clientJobId: string;
	status: CreditJobTable['status'];
	tier: string;
	estimate: number;
	reserved: number;
	settled: number;
	released: number;
	remaining: number;
	tokens: number;
	chunksSettled: number;
	createdAt: number;
	expiresAt: number;
	closedAt: number | null;
}

function toView(job: CreditJobTable, t: JobTotals): JobView {
	return {
		clientJobId: job.client_job_id,
		status: job.status,
		tier: job.tier,
		estimate: toCredits(Number(job.estimate)),
		reserved: toCredits(t.reserved),
		settled: toCredits(t.settled),
		released: toCredits(t.released),
		remaining: toCredits(remainingOf(t)),
		tokens: t.tokens,
		chunksSettled: t.settles,
		createdAt: Number(job.created_at),
		expiresAt: Number(job.expires_at),
		closedAt: job.closed_at === null ? null : Number(job.closed_at)
	};
}

/** Creates the credit operations over the relay's database. */
export function createCredits(db: Kysely<Database>, opts: CreditsOptions) {
	const grantMc = toMillicredits(opts.monthlyGrant);
	const { now } = opts;

	/** Every user transaction starts here. */
	async function begin(trx: Kysely<Database>, userId: string, t: number): Promise<void> {
		await lockUser(trx, userId, t);
		await ensureMonthlyGrant(trx, userId, grantMc, t);
		await expireReservations(trx, t, userId);
	}

	function findJob(trx: Kysely<Database>, userId: string, clientJobId: string) {
		return trx
			.selectFrom('credit_jobs')
			.selectAll()
			.where('user_id', '=', userId)
			.where('client_job_id', '=', clientJobId)
			.executeTakeFirst();
	}

	/** The estimate for a set of items, in tokens and millicredits. */
	function estimate(
		items: readonly EstimateItem[],
		limit: number,
		tier: string
	): { tokens: TokenEstimate; costMc: number } {
		const tokens = estimateTokens(items, { limit, ...opts.chunking });
		return { tokens, costMc: costOfTokens(tokens.totalTokens, tier, opts.pricePer1kTokens) };
	}

	return {
		estimate,

		/** The spendable balance, in millicredits. */
		balance(userId: string): Promise<number> {
			return db.transaction().execute(async (trx) => {
				await begin(trx, userId, now());
				return balanceOf(trx, userId);
			});
		},

		/** The user's latest ledger rows, newest first. */
		ledger(userId: string, limit: number) {
			return db.transaction().execute(async (trx) => {
				await begin(trx, userId, now());
				const rows = await trx
					.selectFrom('credit_ledger')
					.leftJoin('credit_jobs', 'credit_jobs.id', 'credit_ledger.job_id')
					.select([
						'credit_ledger.id',
						'credit_ledger.reason',
						'credit_ledger.amount',
						'credit_ledger.tokens',
						'credit_ledger.note',
						'credit_ledger.created_at',
						'credit_jobs.client_job_id'
					])
					.where('credit_ledger.user_id', '=', userId)
					.orderBy('credit_ledger.created_at', 'desc')
					.limit(limit)
					.execute();
				return rows.map((r) => ({
					id: r.id,
					reason: r.reason,
					credits: toCredits(Number(r.amount)),
					tokens: r.tokens === null ? null : Number(r.tokens),
					clientJobId: r.client_job_id ?? null,
					note: r.note,
					createdAt: Number(r.created_at)
				}));
			});
		},

		/**
		 * Reserves the estimate for a job's items, or throws `insufficient_credits`. Calling it
		 * again for an active job (a resume, more items) only adds what the new estimate needs
		 * beyond what the job still holds.
		 */
		reserve(req: {
			userId: string;
			clientJobId: string;
			items: readonly EstimateItem[];
			limit: number;
			tier: string;
		}) {
			const est = estimate(req.items, req.limit, req.tier);
			return db.transaction().execute(async (trx) => {
				const t = now();
				await begin(trx, req.userId, t);
				const job = await findJob(trx, req.userId, req.clientJobId);
				const active = job?.status === 'active';
				const held = active ? remainingOf(await totalsOf(trx, job.id)) : 0;
				const need = Math.max(0, est.costMc - held);
				const balance = await balanceOf(trx, req.userId);
				if (need > balance) throw insufficientCredits(toCredits(balance), toCredits(need));
				// A refused start rolls the transaction back with it.
				if (!active) await opts.onJobStart?.(req.userId);
				const expiresAt = t + opts.reservationTtlMs;
				const jobId = job?.id ?? randomId(10);
				if (job) {
					await trx
						.updateTable('credit_jobs')
						.set({
							status: 'active',
							tier: req.tier,
							estimate: est.costMc,
							items: est.tokens.longItems,
							updated_at: t,
							expires_at: expiresAt,
							closed_at: null
						})
						.where('id', '=', job.id)
						.execute();
				} else {
					await trx
						.insertInto('credit_jobs')
						.values({
							id: jobId,
							user_id: req.userId,
							client_job_id: req.clientJobId,
							tier: req.tier,
							status: 'active',
							estimate: est.costMc,
							items: est.tokens.longItems,
							created_at: t,
							updated_at: t,
							expires_at: expiresAt,
							closed_at: null
						})
						.execute();
				}
				if (need > 0) {
					await appendEntry(trx, {
						user_id: req.userId,
						job_id: jobId,
						reason: 'reserve',
						amount: need,
						created_at: t
					});
				}
				const stored = await findJob(trx, req.userId, req.clientJobId);
				return {
					job: toView(stored!, await totalsOf(trx, jobId)),
					tokens: est.tokens,
					estimateMc: est.costMc,
					addedMc: need,
					balanceMc: balance - need
				};
			});
		},

		/**
		 * Lets a chunk reach Gemini only if its job has an active reservation
		 * (`no_reservation`) that covers `coverMc`, what all of the job's running chunks are
		 * estimated to cost, this one included. A reservation that falls short is topped up
		 * from the balance, or the chunk is refused (`insufficient_credits`). So parallel
		 * chunks can never together spend credits the user does not have.
		 */
		checkChunk(req: { userId: string; clientJobId: string; coverMc: number }): Promise<void> {
			return db.transaction().execute(async (trx) => {
				const t = now();
				await begin(trx, req.userId, t);
				const job = await findJob(trx, req.userId, req.clientJobId);
				if (!job || job.status !== 'active') {
					throw new CreditsError(
						'no_reservation',
						'This job has no credit reservation (it ended or lapsed). Resume it to reserve credits again.'
					);
				}
				const need = req.coverMc - remainingOf(await totalsOf(trx, job.id));
				if (need <= 0) return;
				const balance = await balanceOf(trx, req.userId);
				if (need > balance) throw insufficientCredits(toCredits(balance), toCredits(need));
				await appendEntry(trx, {
					user_id: req.userId,
					job_id: job.id,
					reason: 'reserve',
					amount: need,
					note: 'cover chunks in flight',
					created_at: t
				});
			});
		},

		/**
		 * Charges billed tokens to a job. A `settleKey` (the chunk's owned idempotency key) makes
		 * a second settle of the same successful chunk a no-op, even across relays.
		 */
		settle(req: {
			userId: string;
			clientJobId: string;
			tokens: number;
			tier: string;
			settleKey?: string;
		}) {
			const costMc = costOfTokens(req.tokens, req.tier, opts.pricePer1kTokens);
			return db.transaction().execute(async (trx) => {
				const t = now();
				await lockUser(trx, req.userId, t);
				if (req.settleKey) {
					const done = await trx
						.selectFrom('credit_ledger')
						.select('id')
						.where('settle_key', '=', req.settleKey)
						.executeTakeFirst();
					if (done) {
						const balanceMc = await balanceOf(trx, req.userId);
						return { chargedMc: 0, costMc, uncollectedMc: 0, balanceMc, duplicate: true };
					}
				}
				const job = await findJob(trx, req.userId, req.clientJobId);
				if (!job) throw new CreditsError('job_not_found', 'No such job.');
				const held = remainingOf(await totalsOf(trx, job.id));
				let balance = await balanceOf(trx, req.userId);
				const topUp = Math.min(Math.max(0, costMc - held), balance);
				if (topUp > 0) {
					await appendEntry(trx, {
						user_id: req.userId,
						job_id: job.id,
						reason: 'reserve',
						amount: topUp,
						note: 'usage beyond the reservation',
						created_at: t
					});
					balance -= topUp;
				}
				const chargedMc = Math.min(costMc, held + topUp);
				await appendEntry(trx, {
					user_id: req.userId,
					job_id: job.id,
					reason: 'settle',
					amount: chargedMc,
					tokens: req.tokens,
					settle_key: req.settleKey ?? null,
					note: chargedMc < costMc ? `uncollected ${costMc - chargedMc}` : null,
					created_at: t
				});
				if (job.status === 'active') {
					await trx
						.updateTable('credit_jobs')
						.set({ updated_at: t, expires_at: t + opts.reservationTtlMs })
						.where('id', '=', job.id)
						.execute();
				}
				return {
					chargedMc,
					costMc,
					uncollectedMc: costMc - chargedMc,
					balanceMc: balance,
					duplicate: false
				};
			});
		},

		/** Returns what a job still holds and closes it; releasing again returns nothing more. */
		release(req: { userId: string; clientJobId: string; note?: string }) {
			return db.transaction().execute(async (trx) => {
				const t = now();
				await begin(trx, req.userId, t);
				const job = await findJob(trx, req.userId, req.clientJobId);
				if (!job) throw new CreditsError('job_not_found', 'No such job.');
				const left = await releaseRemainder(
					trx,
					{ id: job.id, user_id: req.userId },
					'closed',
					req.note ?? null,
					t
				);
				const stored = await findJob(trx, req.userId, req.clientJobId);
				return {
					job: toView(stored!, await totalsOf(trx, job.id)),
					releasedMc: left,
					balanceMc: await balanceOf(trx, req.userId)
				};
			});
		},

		/** One of the user's own jobs, or undefined (another user's job is never found). */
		job(userId: string, clientJobId: string): Promise<JobView | undefined> {
			return db.transaction().execute(async (trx) => {
				await begin(trx, userId, now());
				const job = await findJob(trx, userId, clientJobId);
				return job && toView(job, await totalsOf(trx, job.id));
			});
		},

		/** The user's latest jobs, newest first. */
		jobs(userId: string, limit: number): Promise<JobView[]> {
			return db.transaction().execute(async (trx) => {
				await begin(trx, userId, now());
				const rows = await trx
					.selectFrom('credit_jobs')
					.selectAll()
					.where('user_id', '=', userId)
					.orderBy('created_at', 'desc')
					.limit(limit)
					.execute();
				const out: JobView[] = [];
				for (const job of rows) out.push(toView(job, await totalsOf(trx, job.id)));
				return out;
			});
		},

		/**
		 * Adds credits (a `grant`), or corrects a balance (an `adjust`, which may be negative but
		 * never takes the balance below 0). Returns the new balance in millicredits.
		 */
		grant(req: { userId: string; credits: number; note: string; reason?: LedgerReason }) {
			return db.transaction().execute(async (trx) => {
				const t = now();
				await begin(trx, req.userId, t);
				const balance = await balanceOf(trx, req.userId);
				let amount = toMillicredits(req.credits);
				if (amount < 0) amount = -Math.min(-amount, balance);
				if (amount !== 0) {
					await appendEntry(trx, {
						user_id: req.userId,
						reason: amount < 0 ? 'adjust' : (req.reason ?? 'grant'),
						amount,
						note: req.note.slice(0, 512),
						created_at: t
					});
				}
				return balance + amount;
			});
		},

		/** Releases every lapsed reservation of every user. */
		sweep(): Promise<number> {
			return db.transaction().execute((trx) => expireReservations(trx, now()));
		}
	};
}

export type Credits = ReturnType<typeof createCredits>;
