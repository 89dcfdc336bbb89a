/** A per-user limit that refused a call, and how long until trying again makes sense. */

/** Which limit refused. */
export type LimitName = 'job_starts' | 'chunk_calls' | 'in_flight' | 'sign_up' | 'sign_in';

/** Answered as 429 with Retry-After; the browser waits `retryAfterMs` and tries again. */
export class LimitError extends Error {
	override readonly name = 'LimitError';
	constructor(
		readonly limit: LimitName,
		readonly retryAfterMs: number,
		message: string
	) {
		super(message);
	}
}
