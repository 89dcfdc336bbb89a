/**
 * A book through Redis and Postgres outages (issue 12): the browser's own job runner (Node,
 * fake IndexedDB) runs an AI book against a relay on Postgres and Redis, with the mock
 * Gemini answering slowly enough that calls are in flight. Mid-book Redis is stopped for
 * two seconds and started again (empty), then Postgres is cut for two seconds. The book
 * completes with every sentence rewritten by the model, each chunk charged once, and the
 * kept balances equal to the ledger (nothing half-written); the relay answered the outages
 * 503 with a retry delay, never 500.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import type { Relay } from '../../server/relay.ts';
import { NovelDb } from '../../src/lib/db/db.ts';
import { sleep } from '../../src/lib/jobs/connectivity.ts';
import type { CreditsPortLike } from '../../src/lib/jobs/job-credits.ts';
import { runJob, type PdfPort } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import { relayPort, type RelayClient } from '../../src/lib/relay/relay-client.ts';
import { cuttableProxy, type CuttableProxy } from '../services/cuttable-proxy.ts';
import { startRedis, type RedisService } from '../services/redis.ts';
import {
	createTestDatabase,
	expectTotalsMatchLedger,
	makeClient,
	settleRows,
	signUp,
	startTestRelay,
	type Captured,
	type TestDatabase,
	type TestUser
} from './relay-fixtures.ts';
import { readResults } from '../../src/lib/db/result-store.ts';

const SENTENCES = 36;
const PER_CHUNK = 3;

/** Pages of distinct long French sentences (over 8 words each), three to a page. */
const PAGES = Array.from({ length: SENTENCES / 3 }, (_, p) =>
	[0, 1, 2]
		.map(
			(k) =>
				`Le voyageur numéro ${p * 3 + k + 1}, qui marchait depuis l'aube sur la route poudreuse, s'arrêta enfin devant l'auberge du village.`
		)
		.join(' ')
);

const pdf: PdfPort = {
	async extract() {
		return { ok: true as const, pages: PAGES, pageCount: PAGES.length };
	}
};

let redis: RedisService;
let data: TestDatabase;
let proxy: CuttableProxy;
let mock: MockGemini;
let relay: Relay;
let reader: TestUser;

beforeAll(async () => {
	[redis, data] = await Promise.all([startRedis(), createTestDatabase('postgres')]);
	proxy = await cuttableProxy(new URL(data.env.DATABASE_URL!));
	mock = await startMockGemini({ port: 0 });
	relay = await startTestRelay(
		{ ...data, env: { ...data.env, DATABASE_URL: proxy.url(), REDIS_URL: redis.url } },
		mock,
		{ GEMINI_TIMEOUT_MS: '20000' }
	);
	reader = await signUp(relay.url);
});
afterAll(async () => {
	await relay?.close();
	await mock?.close();
	await proxy?.restore();
	await data?.drop();
	await redis?.stop();
});

/** The page's credits port, on the reader's client. */
function creditsOf(client: RelayClient): CreditsPortLike {
	return {
		async reserve(jobId, items, settings, signal) {
			const res = await client.jobs.reserve.mutate(
				{ clientJobId: jobId, items, settings },
				{ signal }
			);
			return { ...res.job, estimate: res.estimate };
		},
		async release(jobId) {
			return (await client.jobs.release.mutate({ clientJobId: jobId })).job;
		}
	};
}

describe('a book while Redis, then Postgres, stop for a while', () => {
	it('completes, every sentence from the model, each chunk charged once, the ledger whole', async () => {
		const db = new NovelDb('store-outage-book');
		const hash = await storeFile(db, new Blob(['%PDF-1.7 stand-in']), 'book.pdf');
		const jobId = await createJob(db, hash, 'book', { limit: 8, mode: 'ai' });
		const seen: Captured[] = [];
		const client = makeClient(relay.url, {
			cookie: () => reader.cookie,
			seen
		}) as unknown as RelayClient;
		mock.setLatency({ fixedMs: 400 });
		const controller = new AbortController();
		const run = runJob(
			{
				db,
				pdf,
				relay: relayPort(client),
				credits: creditsOf(client),
				concurrency: 2,
				budget: { maxItems: PER_CHUNK, maxChars: 10_000 },
				retry: { maxAttempts: 3, baseMs: 200, maxMs: 2000 },
				sleep: (ms, signal) => sleep(ms, signal),
				waitForConnection: (signal) => sleep(500, signal)
			},
			jobId,
			controller.signal
		);

		const chunksDone = async () =>
			db.chunks
				.where('jobId')
				.equals(jobId)
				.filter((c) => c.status === 'done')
				.count();
		await expect.poll(chunksDone, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
		await redis.stop();
		await new Promise((r) => setTimeout(r, 2000));
		await redis.start();
		await expect.poll(chunksDone, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
		await proxy.cut();
		await new Promise((r) => setTimeout(r, 2000));
		await proxy.restore();
		await run;

		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('completed');
		const results = await readResults(db, jobId);
		expect(results).toHaveLength(SENTENCES);
		expect(results.every((r) => r.source === 'model')).toBe(true);
		const chunks = SENTENCES / PER_CHUNK;
		expect(await chunksDone()).toBe(chunks);
		expect(await settleRows(reader.client)).toHaveLength(chunks);
		await expectTotalsMatchLedger(relay.deps.db);
		// The outages were answered 503 (wait and send again), never 500 (a failed attempt).
		const statuses = new Set(seen.map((r) => r.status));
		expect(statuses.has(503)).toBe(true);
		expect([...statuses].filter((s) => s >= 500 && s !== 503)).toEqual([]);
	});
});
