/**
 * A job's reservation from start to end: reserve the estimate, cover the chunks in flight,
 * release what is left, and expire what lapsed.
 */
import { randomId } from '../auth/session-token.ts';
import type { EstimateItem, TokenEstimate } from './estimate.ts';
import { findJob, inUserTransaction, type CreditContext } from './credit-context.ts';
import { CreditsError, insufficientCredits } from './credit-errors.ts';
import { toView } from './credit-queries.ts';
import {
	appendEntry,
	balanceOf,
	expireReservations,
	releaseRemainder,
	jobTotals,
	remainingOf,
	totalsOf
} from './ledger-queries.ts';
import { toCredits } from './pricing.ts';

/** Prices a job's items: their token estimate and its cost in millicredits. */
export type Estimator = (
	items: readonly EstimateItem[],
	limit: number,
	tier: string
) => { tokens: TokenEstimate; costMc: number };

/** The reservation operations. */
export function createReservations(ctx: CreditContext, estimate: Estimator) {
	const { opts } = ctx;
	return {
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
			return inUserTransaction(ctx, req.userId, async (trx, t) => {
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
			return inUserTransaction(ctx, req.userId, async (trx, t) => {
				const job = await findJob(trx, req.userId, req.clientJobId);
				if (!job || job.status !== 'active') {
					throw new CreditsError(
						'no_reservation',
						'This job has no credit reservation (it ended or lapsed). Resume it to reserve credits again.'
					);
				}
				const need = req.coverMc - remainingOf(jobTotals(job));
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

		/** Returns what a job still holds and closes it; releasing again returns nothing more. */
		release(req: { userId: string; clientJobId: string; note?: string }) {
			return inUserTransaction(ctx, req.userId, async (trx, t) => {
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

		/**
		 * Releases every lapsed reservation of every user. Each user's are released in that
		 * user's own locked transaction, so that a sweep on one relay never races a settle of the
		 * same job on another.
		 */
		async sweep(): Promise<number> {
			const owners = await ctx.db
				.selectFrom('credit_jobs')
				.select('user_id')
				.distinct()
				.where('status', '=', 'active')
				.where('expires_at', '<=', opts.now())
				.execute();
			let expired = 0;
			for (const { user_id } of owners) {
				expired += await inUserTransaction(
					ctx,
					user_id,
					(trx, t) => expireReservations(trx, t, user_id),
					{ housekeeping: false }
				);
			}
			return expired;
		}
	};
}
