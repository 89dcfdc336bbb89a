/** What a reader may read of their credits: balance, ledger and jobs, in credits. */
import type { Selectable } from 'kysely';
import type { CreditJobTable } from '../db/schema.ts';
import { findJob, inUserTransaction, type CreditContext } from './credit-context.ts';
import { balanceOf, remainingOf, totalsOf, type JobTotals } from './ledger-queries.ts';
import { toCredits } from './pricing.ts';

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

/** A job row and its ledger totals, as its owner sees them. */
export function toView(job: Selectable<CreditJobTable>, t: JobTotals): JobView {
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

/**
 * The read operations. They run in the user's transaction too, so that a read first grants
 * the month and releases lapsed reservations, as a write would.
 */
export function createCreditQueries(ctx: CreditContext) {
	return {
		/** The spendable balance, in millicredits. */
		balance(userId: string): Promise<number> {
			return inUserTransaction(ctx, userId, (trx) => balanceOf(trx, userId));
		},

		/** The user's latest ledger rows, newest first. */
		ledger(userId: string, limit: number) {
			return inUserTransaction(ctx, userId, async (trx) => {
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

		/** One of the user's own jobs, or undefined (another user's job is never found). */
		job(userId: string, clientJobId: string): Promise<JobView | undefined> {
			return inUserTransaction(ctx, userId, async (trx) => {
				const job = await findJob(trx, userId, clientJobId);
				return job && toView(job, await totalsOf(trx, job.id));
			});
		},

		/** The user's latest jobs, newest first. */
		jobs(userId: string, limit: number): Promise<JobView[]> {
			return inUserTransaction(ctx, userId, async (trx) => {
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
		}
	};
}
