import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/lib/jobs/connectivity.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../src/lib/jobs/retry-policy.ts';

const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 8000 };

describe('retryDelayMs', () => {
	it('grows exponentially up to the cap (at the top of the jitter)', () => {
		const top = () => 0.999999;
		expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, policy, undefined, top))).toEqual([
			999, 1999, 3999, 7999, 7999, 7999
		]);
	});

	it('uses full jitter: anything from 0 to the cap', () => {
		expect(retryDelayMs(3, policy, undefined, () => 0)).toBe(0);
		expect(retryDelayMs(3, policy, undefined, () => 0.5)).toBe(2000);
	});

	it("never waits less than the server's retry delay", () => {
		expect(retryDelayMs(1, policy, 34_000, () => 0.1)).toBe(34_000);
	});

	it('has a default of five attempts', () => {
		expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(5);
	});
});

describe('sleep', () => {
	afterEach(() => vi.useRealTimers());

	it('waits the backoff on a fake clock', async () => {
		vi.useFakeTimers();
		let done = false;
		const p = sleep(3000, new AbortController().signal).then(() => (done = true));
		await vi.advanceTimersByTimeAsync(2999);
		expect(done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		await p;
		expect(done).toBe(true);
	});

	it('ends at once when cancelled', async () => {
		vi.useFakeTimers();
		const c = new AbortController();
		const p = sleep(60_000, c.signal);
		c.abort();
		await expect(p).resolves.toBeUndefined();
		expect(vi.getTimerCount()).toBe(0);
	});
});
