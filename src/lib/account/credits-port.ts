import type { CreditItem } from './account.svelte.ts';
import { account } from './account.svelte.ts';

/** A job's reservation after `reserve` or `release`, in credits. */
export interface ReservationView {
	reserved: number;
	settled: number;
	released: number;
	remaining: number;
}

/**
 * What the job runner calls around an AI job. Errors are the relay's TRPCClientErrors,
 * unchanged, so the runner's one classifier sorts them: 402 (`insufficient_credits`)
 * pauses the job with the relay's message, 429 retries after `retryAfterMs`, 401
 * (signed out) should pause too, and no answer at all waits for the connection.
 */
export interface CreditsPort {
	/**
	 * Before the first chunk, and again on every resume: reserves the relay's estimate for
	 * the job's long sentences (only sentences over the limit cost anything; sending all is
	 * fine). On an active job it only tops up. Resolves with the job's reservation.
	 */
	reserve(
		jobId: string,
		items: CreditItem[],
		settings: { limit: number; tier?: string },
		signal?: AbortSignal
	): Promise<ReservationView & { estimate: number; balance: number }>;
	/** When the job completes, fails or is cancelled: returns what it still holds. Safe to repeat. */
	release(jobId: string): Promise<ReservationView & { balance: number }>;
	/** What the job has been charged so far (its settled credits). */
	charged(jobId: string): Promise<number>;
}

/** The page's credits port, on the account's relay client; it keeps the shown balance current. */
export const creditsPort: CreditsPort = {
	async reserve(jobId, items, settings, signal) {
		const res = await account.client.jobs.reserve.mutate(
			{ clientJobId: jobId, items, settings },
			{ signal }
		);
		void account.refreshBalance();
		return { ...res.job, estimate: res.estimate, balance: res.balance };
	},
	async release(jobId) {
		const res = await account.client.jobs.release.mutate({ clientJobId: jobId });
		void account.refreshBalance();
		return { ...res.job, balance: res.balance };
	},
	async charged(jobId) {
		return (await account.client.jobs.get.query({ clientJobId: jobId })).settled;
	}
};
