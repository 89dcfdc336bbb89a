/**
 * Two relays on one Redis (and one SQLite file): the per-user limits count across relays, and
 * what a failed chunk call already got from Gemini is kept in Redis for a retry on the other
 * relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import type { Relay } from '../../server/relay.ts';
import { startRedis, type RedisService } from '../services/redis.ts';
import {
	LONG,
	chunkInput,
	createTestDatabase,
	errorOf,
	makeClient,
	reserveInput,
	signUp,
	startTestRelay,
	type TestDatabase
} from './relay-fixtures.ts';

let redis: RedisService;
let data: TestDatabase;
let mock: MockGemini;
let relayA: Relay;
let relayB: Relay;

beforeAll(async () => {
	redis = await startRedis();
	data = await createTestDatabase('sqlite');
	mock = await startMockGemini({ port: 0 });
	const env = { REDIS_URL: redis.url, CHUNK_CALLS_PER_MINUTE: '4', GEMINI_MAX_BACKOFF_MS: '0' };
	relayA = await startTestRelay(data, mock, env);
	relayB = await startTestRelay(data, mock, env);
});
afterAll(async () => {
	// Optional: a failed start must not keep Redis running past the test.
	await relayA?.close();
	await relayB?.close();
	await mock?.close();
	await data?.drop();
	await redis?.stop();
});

describe('limits and partial answers shared through Redis', () => {
	it('counts chunk calls per minute across relays', async () => {
		const user = await signUp(relayA.url);
		const onB = makeClient(relayB.url, { cookie: () => user.cookie });
		await user.client.jobs.reserve.mutate(reserveInput('rate'));
		await user.client.chunks.normalize.mutate(chunkInput('rate'));
		await onB.chunks.normalize.mutate(chunkInput('rate'));
		await user.client.chunks.normalize.mutate(chunkInput('rate'));
		await onB.chunks.normalize.mutate(chunkInput('rate'));
		// Each relay saw 2 of the 4 allowed, but the fifth is refused wherever it goes.
		const err = await errorOf(onB.chunks.normalize.mutate(chunkInput('rate')));
		expect(err.data).toMatchObject({ httpStatus: 429, limit: 'chunk_calls' });
	});

	it('lets a retry on relay B ask Gemini only for the items a failed call on relay A missed', async () => {
		const user = await signUp(relayA.url);
		const onB = makeClient(relayB.url, { cookie: () => user.cookie });
		await user.client.jobs.reserve.mutate(reserveInput('partial'));
		const items = LONG.map((text, i) => ({ i, text: `${text.slice(0, -1)} et puis voilà.` }));
		const input = chunkInput('partial', items);
		// The answer drops one item; asked again alone, Gemini fails: the call fails with two answered.
		mock.setFaults({ sequence: [{ kind: 'drop_item' }, { kind: 'server_error' }] });
		const failed = await errorOf(user.client.chunks.normalize.mutate(input));
		expect(failed.data?.httpStatus).toBeGreaterThanOrEqual(500);
		const asked = () => items.map((item) => mock.stats().itemRequests[item.text] ?? 0);
		const before = asked();
		const retry = await onB.chunks.normalize.mutate(input);
		expect(retry.items.map((r) => r.source)).toEqual(['model', 'model', 'model']);
		const more = asked().map((n, k) => n - before[k]);
		// Exactly one item was asked again: the one the first call never got.
		expect(more.sort()).toEqual([0, 0, 1]);
	});
});
