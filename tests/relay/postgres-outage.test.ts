/**
 * The database going away under a relay: a relay on Postgres reaches it through a TCP proxy
 * this test can cut, as a network partition or a database restart would. Calls meanwhile are
 * answered 503 `unavailable` with a retry delay (not a 500 the browser would count as a failed
 * attempt), with nothing about the database in the answer; once it is back, the same call goes
 * through and is charged once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_RETRY_MS } from '../../server/relay-errors.ts';
import { classifyChunkError } from '../../src/lib/jobs/chunk-errors.ts';
import {
	chunkInput,
	createTestDatabase,
	errorOf,
	reserveInput,
	signUp,
	startTestRelay,
	type TestDatabase
} from './relay-fixtures.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import type { Relay } from '../../server/relay.ts';
import { cuttableProxy, type CuttableProxy } from '../services/cuttable-proxy.ts';

let data: TestDatabase;
let mock: MockGemini;
let relay: Relay;
let proxy: CuttableProxy;

beforeAll(async () => {
	data = await createTestDatabase('postgres');
	proxy = await cuttableProxy(new URL(data.env.DATABASE_URL!));
	mock = await startMockGemini({ port: 0 });
	relay = await startTestRelay({ ...data, env: { ...data.env, DATABASE_URL: proxy.url() } }, mock);
});
afterAll(async () => {
	await relay?.close();
	await mock?.close();
	await proxy?.restore();
	await data?.drop();
});

describe('a relay whose database goes away and comes back', () => {
	it('answers 503 with a retry delay meanwhile, then serves the same call, charged once', async () => {
		const reader = await signUp(relay.url);
		await reader.client.jobs.reserve.mutate(reserveInput('db-outage'));
		const call = chunkInput('db-outage');

		await proxy.cut();
		const refused = await errorOf(reader.client.chunks.normalize.mutate(call));
		expect(refused.data).toMatchObject({
			httpStatus: 503,
			kind: 'unavailable',
			retryAfterMs: STORE_RETRY_MS
		});
		expect(refused.message).not.toMatch(/postgres|ECONN|127\.0\.0\.1|\//iu);
		expect(classifyChunkError(refused)).toMatchObject({ action: 'slow_down' });
		// The pooled connections were dropped; a new one is refused: the same answer.
		const again = await errorOf(reader.client.chunks.normalize.mutate(call));
		expect(again.data).toMatchObject({ httpStatus: 503, kind: 'unavailable' });
		expect((await fetch(`${relay.url}/healthz`)).status).toBe(503);
		expect(mock.stats().generateRequests).toBe(0);

		await proxy.restore();
		const answered = await reader.client.chunks.normalize.mutate(call);
		expect(answered.items.every((item) => item.source === 'model')).toBe(true);
		expect(answered.credits.charged).toBeGreaterThan(0);
		const repeated = await reader.client.chunks.normalize.mutate(call);
		expect(repeated.credits.charged).toBe(0);
		expect(mock.stats().generateRequests).toBe(1);
	});
});
