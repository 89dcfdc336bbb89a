/** Money that moves for good: a chunk's usage settled, and credits granted or taken back. */
import type { LedgerReason } from '../db/schema.ts';
import { findJob, inUserTransaction, type CreditContext } from './credit-context.ts';
import { CreditsError } from './credit-errors.ts';
import { appendEntry, balanceOf, jobTotals, remainingOf } from './ledger-queries.ts';
import { costOfTokens, toMillicredits } from './pricing.ts';

/** The settle and grant operations. */
export function createSettlement(ctx: CreditContext) {
	const { opts } = ctx;
	return {
		/**
		 * Charges billed tokens to a job. A `settleKey` (the chunk's owned idempotency key) makes
		 * a second settle of the same successful chunk a no-op, even across relays: both settles
		 * take the user's row lock, so the second sees the first's row.
		 */
		settle(req: {
			userId: string;
			clientJobId: string;
			tokens: number;
			tier: string;
			settleKey?: string;
		}) {
			const costMc = costOfTokens(req.tokens, req.tier, opts.pricePer1kTokens);
			// No housekeeping: usage Gemini already billed is charged even if the job just lapsed.
			return inUserTransaction(
				ctx,
				req.userId,
				async (trx, t) => {
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
					const held = remainingOf(jobTotals(job));
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
				},
				{ housekeeping: false }
			);
		},

		/**
		 * Adds credits (a `grant`), or corrects a balance (an `adjust`, which may be negative but
		 * never takes the balance below 0). Returns the new balance in millicredits.
		 */
		grant(req: { userId: string; credits: number; note: string; reason?: LedgerReason }) {
			return inUserTransaction(ctx, req.userId, async (trx, t) => {
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
		}
	};
}
