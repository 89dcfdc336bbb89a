/**
 * Redis going away under a relay (issue 12): a call already at Gemini still brings its paid
 * answer back; calls that need Redis meanwhile are answered 503 `unavailable` with a retry
 * delay (the browser waits for it without spending an attempt); /healthz says so; and once
 * Redis is back the same calls go through, with nothing charged twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { STORE_RETRY_MS } from '../../server/relay-errors.ts';
import type { Relay } from '../../server/relay.ts';
import { classifyChunkError } from '../../src/lib/jobs/chunk-errors.ts';
import { startRedis, type RedisService } from '../services/redis.ts';
import {
	chunkInput,
	createTestDatabase,
	errorOf,
	reserveInput,
	settleRows,
	signUp,
	startTestRelay,
	type TestDatabase
} from './relay-fixtures.ts';

let redis: RedisService;
let data: TestDatabase;
let mock: MockGemini;
let relay: Relay;

beforeAll(async () => {
	redis = await startRedis();
	data = await createTestDatabase('sqlite');
	mock = await startMockGemini({ port: 0 });
	relay = await startTestRelay(data, mock, {
		REDIS_URL: redis.url,
		GEMINI_MAX_CONCURRENCY: '1',
		GEMINI_TIMEOUT_MS: '10000'
	});
});
afterAll(async () => {
	await relay?.close();
	await mock?.close();
	await data?.drop();
	await redis?.stop();
});

/** Resolves once Gemini has been asked `n` generate requests in all. */
async function geminiAsked(n: number) {
	await expect
		.poll(() => mock.stats().generateRequests, { timeout: 5000 })
		.toBeGreaterThanOrEqual(n);
}

describe('a relay whose Redis goes away and comes back', () => {
	it('keeps the paid answer of a call at Gemini, refuses the others with a retryable 503, and recovers', async () => {
		const reader = await signUp(relay.url);
		await reader.client.jobs.reserve.mutate(reserveInput('outage'));
		mock.setLatency({ fixedMs: 1500 });

		// One call holds the only Gemini slot; a second waits for it in Redis' queue.
		const atGemini = reader.client.chunks.normalize.mutate(chunkInput('outage'));
		await geminiAsked(1);
		const queued = errorOf(reader.client.chunks.normalize.mutate(chunkInput('outage')));
		await new Promise((r) => setTimeout(r, 200));
		await redis.stop();

		// The call at Gemini comes back with its answer: settled in the database, not lost.
		const answered = await atGemini;
		expect(answered.items.every((item) => item.source === 'model')).toBe(true);
		expect(answered.credits.charged).toBeGreaterThan(0);

		// The queued call cannot be granted a slot: it is told to come back, not left hanging.
		const waiting = await queued;
		expect(waiting.data).toMatchObject({
			httpStatus: 503,
			kind: 'unavailable',
			retryAfterMs: STORE_RETRY_MS
		});
		expect(waiting.message).not.toMatch(/redis|ioredis|ECONN|\//iu);
		// ...which the browser waits out without spending one of the chunk's attempts.
		expect(classifyChunkError(waiting)).toMatchObject({
			action: 'slow_down',
			kind: { code: 'relay_unavailable' }
		});

		// A new call while Redis is away is refused the same way, before it reaches Gemini.
		const retry = chunkInput('outage');
		const asked = mock.stats().generateRequests;
		const refused = await errorOf(reader.client.chunks.normalize.mutate(retry));
		expect(refused.data).toMatchObject({ httpStatus: 503, kind: 'unavailable' });
		expect(mock.stats().generateRequests).toBe(asked);
		expect((await fetch(`${relay.url}/healthz`)).status).toBe(503);

		// Redis is back (empty, as after a restart without persistence): the same call goes through.
		mock.setLatency({ fixedMs: 0 });
		await redis.start();
		await expect
			.poll(async () => (await fetch(`${relay.url}/healthz`)).status, { timeout: 10_000 })
			.toBe(200);
		const after = await reader.client.chunks.normalize.mutate(retry);
		expect(after.items.every((item) => item.source === 'model')).toBe(true);
		// Two calls reached Gemini and were charged, once each.
		expect(await settleRows(reader.client)).toHaveLength(2);
	});
});
