/**
 * Google's advice for 429 and 5xx: retry with exponential backoff and jitter, and wait at
 * least what Retry-After asks. A wait longer than the ceiling is not slept through: the
 * reader is told to come back instead of a request hanging for minutes.
 */

/** How patient the relay is with Google. */
export interface RetryPolicy {
	/** Attempts after the first. */
	retries: number;
	baseMs: number;
	maxMs: number;
}

/** An answer from Google that may be worth another try. */
export interface Retryable {
	status: number;
	/** From Retry-After, when Google sent one. */
	retryAfterMs?: number;
}

/** True for the statuses Google documents as transient. */
export function isTransient(status: number): boolean {
	return status === 429 || status === 408 || status >= 500;
}

/** Retry-After in milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const at = Date.parse(header);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before attempt `attempt` (1 = the first retry), or undefined to give up:
 * no attempts left, or Google asks for longer than the ceiling.
 */
export function backoffMs(
	attempt: number,
	answer: Retryable,
	policy: RetryPolicy,
	random: () => number = Math.random
): number | undefined {
	if (attempt > policy.retries || !isTransient(answer.status)) return undefined;
	if (answer.retryAfterMs !== undefined) {
		return answer.retryAfterMs <= policy.maxMs ? answer.retryAfterMs : undefined;
	}
	const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
	// Full jitter over the upper half keeps many readers from retrying in step.
	return Math.round(exp / 2 + (random() * exp) / 2);
}
