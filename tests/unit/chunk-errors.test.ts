import { describe, expect, it } from 'vitest';
import { classifyChunkError } from '../../src/lib/jobs/chunk-errors.ts';

function trpcError(data: Record<string, unknown>, message = 'boom') {
	return Object.assign(new Error(message), { data });
}

describe('classifyChunkError', () => {
	it('retries a per-minute rate limit with its delay', () => {
		const c = classifyChunkError(
			trpcError({ kind: 'rate_limit', httpStatus: 429, retryAfterMs: 34_000 })
		);
		expect(c).toMatchObject({ action: 'retry', retryAfterMs: 34_000 });
	});

	it('pauses on a daily quota, a missing key, out of credits and a lost session', () => {
		expect(classifyChunkError(trpcError({ kind: 'daily_quota', httpStatus: 429 })).action).toBe(
			'pause'
		);
		expect(classifyChunkError(trpcError({ kind: 'ai_disabled', httpStatus: 412 })).action).toBe(
			'pause'
		);
		expect(classifyChunkError(trpcError({ httpStatus: 402 })).action).toBe('pause');
		expect(classifyChunkError(trpcError({ httpStatus: 401 })).action).toBe('pause');
	});

	it('retries 5xx and timeouts', () => {
		expect(classifyChunkError(trpcError({ kind: 'server', httpStatus: 502 })).action).toBe('retry');
		expect(classifyChunkError(trpcError({ kind: 'timeout', httpStatus: 504 })).action).toBe(
			'retry'
		);
		expect(classifyChunkError(trpcError({ httpStatus: 500 })).action).toBe('retry');
	});

	it('fails a request the relay refused as invalid', () => {
		expect(classifyChunkError(trpcError({ httpStatus: 400 })).action).toBe('fail');
	});

	it('waits for the connection when there was no answer at all', () => {
		expect(classifyChunkError(new TypeError('Failed to fetch')).action).toBe('wait_online');
	});

	it('treats a cancel as an abort, not a failure', () => {
		const abort = new DOMException('The operation was aborted.', 'AbortError');
		expect(classifyChunkError(abort).action).toBe('aborted');
		expect(classifyChunkError(new Error('x', { cause: abort })).action).toBe('aborted');
	});
});

describe('classifyChunkError, relay refusals', () => {
	it("slows down, without an attempt, when the relay's own per-user limits answer 429", () => {
		const c = classifyChunkError(
			trpcError({ kind: 'relay_limit', httpStatus: 429, retryAfterMs: 1_500 })
		);
		expect(c).toMatchObject({ action: 'slow_down', retryAfterMs: 1_500 });
	});

	it('waits, without an attempt, while the relay says its shared store is away (503)', () => {
		const c = classifyChunkError(
			trpcError({ kind: 'unavailable', httpStatus: 503, retryAfterMs: 2_000 })
		);
		expect(c).toMatchObject({
			action: 'slow_down',
			retryAfterMs: 2_000,
			kind: { code: 'relay_unavailable' }
		});
	});

	it('retries a 429 that names no kind, with its delay', () => {
		expect(classifyChunkError(trpcError({ httpStatus: 429, retryAfterMs: 700 }))).toMatchObject({
			action: 'retry',
			retryAfterMs: 700
		});
	});

	it('retries a call the relay gave up on when this tab did not cancel it', () => {
		expect(classifyChunkError(trpcError({ kind: 'aborted', httpStatus: 499 })).action).toBe(
			'retry'
		);
	});

	it('pauses when the credits run out or the reservation is gone', () => {
		for (const kind of ['insufficient_credits', 'no_reservation']) {
			expect(classifyChunkError(trpcError({ kind, httpStatus: 402 })).action).toBe('pause');
		}
	});

	it("keeps the relay's message for the reader", () => {
		const c = classifyChunkError(trpcError({ kind: 'daily_quota', httpStatus: 429 }, 'Quota.'));
		expect(c.message).toBe('Quota.');
	});

	it('fails a chunk whose job the relay does not know', () => {
		expect(classifyChunkError(trpcError({ kind: 'job_not_found', httpStatus: 404 })).action).toBe(
			'fail'
		);
	});
});
