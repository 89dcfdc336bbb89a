/** How retries space out. */
export interface RetryPolicy {
	maxAttempts: number;
	baseMs: number;
	maxMs: number;
}

/** The default: 5 attempts, backoff from 1 s up to 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseMs: 1_000, maxMs: 30_000 };

/**
 * The wait before attempt `attempt + 1`: exponential backoff with full jitter, so that many
 * clients hit by the same outage do not come back in step. A server-given delay is a floor.
 */
export function retryDelayMs(
	attempt: number,
	policy: RetryPolicy,
	serverDelayMs: number | undefined,
	random: () => number = Math.random
): number {
	const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.floor(random() * cap);
	return Math.max(jittered, serverDelayMs ?? 0);
}
