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
