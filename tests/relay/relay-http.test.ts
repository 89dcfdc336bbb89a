import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay, type Relay } from '../../server/relay.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import {
	createTestDatabase,
	errorOf,
	healthyStores,
	relayBackends,
	sessionCookieFrom,
	type TestDatabase
} from './relay-fixtures.ts';

const KEY = 'secret-gemini-key-that-must-never-leak';

const LONG = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars, après avoir longtemps attendu les ordres, marcha enfin vers la frontière avec son armée.'
];

describe.each(relayBackends())('on %s', (backend) => {
	let mock: MockGemini;
	let relay: Relay;
	let data: TestDatabase;
	const bodies: string[] = [];
	/** Session cookies by relay URL: every relay here needs a signed-in user. */
	const cookies = new Map<string, string>();

	function client(url = relay.url) {
		return createTRPCClient<AppRouter>({
			links: [
				httpLink({
					url: `${url}/trpc`,
					headers: () => {
						const cookie = cookies.get(url);
						return cookie ? { cookie } : {};
					},
					// Keep every raw response body so the key can be searched for in all of them.
					fetch: async (input, init) => {
						const res = await fetch(input, init);
						bodies.push(await res.clone().text());
						return res;
					}
				})
			]
		});
	}

	let seq = 0;
	function chunk(items = LONG.map((text, i) => ({ i, text })), limit = 8) {
		seq += 1;
		return {
			clientJobId: 'job-1',
			chunkIndex: seq,
			idempotencyKey: `key-${seq}-${'x'.repeat(20)}`,
			items,
			settings: { limit }
		};
	}

	/** Signs a reader up on `url`; later calls to that relay carry the session cookie. */
	async function signUp(url: string): Promise<void> {
		let cookie: string | undefined;
		await createTRPCClient<AppRouter>({
			links: [
				httpLink({
					url: `${url}/trpc`,
					fetch: async (input, init) => {
						const res = await fetch(input, init);
						cookie = sessionCookieFrom(res.headers);
						return res;
					}
				})
			]
		}).auth.signUp.mutate({
			email: `reader-${Date.now()}@example.com`,
			password: 'a long passphrase'
		});
		if (!cookie) throw new Error('sign-up set no cookie');
		cookies.set(url, cookie);
	}

	/** Signs up and reserves credits for `job-1`, which every chunk below belongs to. */
	async function signUpAndReserve(url: string): Promise<void> {
		await signUp(url);
		await client(url).jobs.reserve.mutate({
			clientJobId: 'job-1',
			items: LONG.map((text, i) => ({ i, text })),
			settings: { limit: 8 }
		});
	}

	/** The relay under test: its data in `data`, Gemini behind the mock. */
	function relayConfig() {
		return loadConfig({
			PORT: '0',
			...data.env,
			STATIC_DIR: join(data.dataDir, 'no-build'),
			GEMINI_API_KEY: KEY,
			GEMINI_BASE_URL: mock.url,
			GEMINI_TIMEOUT_MS: '1500',
			// A 429's pause of the Gemini queue must not hold up the tests after it.
			GEMINI_MAX_BACKOFF_MS: '50'
		});
	}

	beforeAll(async () => {
		mock = await startMockGemini({ port: 0 });
		data = await createTestDatabase(backend);
		relay = await startRelay(relayConfig());
		await signUpAndReserve(relay.url);
	});

	afterAll(async () => {
		await relay.close();
		await mock.close();
		await data.drop();
		// Checked last, over every response the tests received.
		expect(bodies.length).toBeGreaterThan(5);
		for (const body of bodies) expect(body).not.toContain(KEY);
	});

	beforeEach(() => {
		mock.setFaults({});
		mock.resetStats();
	});

	describe('relay over HTTP with the real Gemini SDK and the mock Gemini', () => {
		it('advertises AI mode, the limits and the concurrency, but not the key', async () => {
			const config = await client().config.get.query();
			expect(config.ai.enabled).toBe(true);
			expect(config.limits).toMatchObject({ minWordLimit: 3, maxWordLimit: 50 });
			expect(config.concurrency).toBeGreaterThan(0);
			expect(JSON.stringify(config)).not.toContain(KEY);
		});

		it('rewrites a chunk: every item once, every sentence within the limit', async () => {
			const res = await client().chunks.normalize.mutate(chunk());
			expect(res.items.map((r) => r.i)).toEqual([0, 1, 2]);
			for (const item of res.items) {
				expect(item.source).toBe('model');
				expect(item.sentences.length).toBeGreaterThan(1);
				for (const s of item.sentences) expect(countWords(s)).toBeLessThanOrEqual(8);
			}
			expect(res.usage.totalTokens).toBeGreaterThan(0);
			expect(res.cached).toBe(false);
			expect(mock.lastRequest()?.headers['x-goog-api-key']).toBe(KEY);
		});

		it('answers a repeated idempotency key from its store, with no new Gemini request', async () => {
			const input = chunk();
			const first = await client().chunks.normalize.mutate(input);
			const before = mock.stats().generateRequests;
			const again = await client().chunks.normalize.mutate(input);
			expect(again.cached).toBe(true);
			expect(again.items).toEqual(first.items);
			expect(mock.stats().generateRequests).toBe(before);
		});

		it('keeps stored results across a relay restart', async () => {
			const input = chunk();
			await client().chunks.normalize.mutate(input);
			const cookie = cookies.get(relay.url)!;
			await relay.close();
			relay = await startRelay(relayConfig());
			// The session lives in the database, so it survives the restart; only the URL changed.
			cookies.set(relay.url, cookie);
			mock.resetStats();
			const again = await client().chunks.normalize.mutate(input);
			expect(again.cached).toBe(true);
			expect(mock.stats().generateRequests).toBe(0);
		});

		it('surfaces a per-minute 429 as a retryable rate limit with its delay', async () => {
			mock.setFaults({ sequence: [{ kind: 'rate_limit', retryDelay: '7s' }] });
			const err = await errorOf(client().chunks.normalize.mutate(chunk()));
			expect(err.data?.httpStatus).toBe(429);
			expect(err.data?.kind).toBe('rate_limit');
			expect(err.data?.retryAfterMs).toBe(7000);
		});

		it('surfaces a daily quota as its own kind, so the browser pauses instead of retrying', async () => {
			mock.setFaults({ sequence: ['daily_quota'] });
			const err = await errorOf(client().chunks.normalize.mutate(chunk()));
			expect(err.data?.httpStatus).toBe(429);
			expect(err.data?.kind).toBe('daily_quota');
			expect(err.message).toMatch(/daily quota/i);
		});

		it.each([
			['server_error', 502, 'server'],
			['unavailable', 502, 'server'],
			['hang', 504, 'timeout'],
			['bad_key', 503, 'auth']
		] as const)('surfaces %s as HTTP %i (%s)', async (fault, status, kind) => {
			mock.setFaults({ sequence: [fault] });
			const err = await errorOf(client().chunks.normalize.mutate(chunk()));
			expect(err.data?.httpStatus).toBe(status);
			expect(err.data?.kind).toBe(kind);
			expect(err.message).not.toContain(KEY);
		});

		it.each([
			'malformed_json',
			'max_tokens',
			'safety',
			'drop_item',
			'over_limit',
			'skip_passage'
		] as const)(
			'repairs %s: every item still comes back once and within the limit',
			async (fault) => {
				mock.setFaults({ sequence: [fault] });
				const res = await client().chunks.normalize.mutate(chunk());
				expect(res.items.map((r) => r.i)).toEqual([0, 1, 2]);
				for (const item of res.items) {
					expect(['model', 'repaired']).toContain(item.source);
					for (const s of item.sentences) expect(countWords(s)).toBeLessThanOrEqual(8);
				}
				const asked = Object.values(mock.stats().itemRequests);
				expect(Math.max(...asked)).toBeLessThanOrEqual(2);
			}
		);

		it('refuses a word limit outside 3–50', async () => {
			const err = await errorOf(client().chunks.normalize.mutate(chunk(undefined, 60)));
			expect(err.data?.httpStatus).toBe(400);
		});

		it('stops the Gemini request when the browser aborts', async () => {
			mock.setFaults({ sequence: ['hang'] });
			const controller = new AbortController();
			const p = client().chunks.normalize.mutate(chunk(), { signal: controller.signal });
			await new Promise((r) => setTimeout(r, 200));
			controller.abort();
			const err = await errorOf(p);
			expect(err.cause?.name).toBe('AbortError');
			expect(mock.stats().itemCompletions).toEqual({});
		});
	});

	describe('relay without a Gemini key', () => {
		let bare: Relay;
		let bareData: TestDatabase;
		beforeAll(async () => {
			bareData = await createTestDatabase(backend);
			bare = await startRelay(
				loadConfig({ PORT: '0', ...bareData.env, STATIC_DIR: join(bareData.dataDir, 'none') })
			);
			await signUp(bare.url);
		});
		afterAll(async () => {
			await bare.close();
			await bareData.drop();
		});

		it('says plainly that AI mode needs a key and how to set it', async () => {
			const config = await client(bare.url).config.get.query();
			expect(config.ai.enabled).toBe(false);
			expect(config.ai.enabled === false && config.ai.reason).toMatch(/GEMINI_API_KEY=/);
		});

		it('refuses chunk calls with a precondition error the browser pauses on', async () => {
			const err = await errorOf(client(bare.url).chunks.normalize.mutate(chunk()));
			expect(err.data?.httpStatus).toBe(412);
			expect(err.data?.kind).toBe('ai_disabled');
		});

		it('answers /healthz', async () => {
			const res = await fetch(`${bare.url}/healthz`);
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ ok: true, ai: false, ...healthyStores(backend) });
		});
	});
});

describe('configuration', () => {
	it('fails loudly at boot on a bad variable', () => {
		expect(() => loadConfig({ PORT: 'abc', GEMINI_BASE_URL: 'not a url' })).toThrow(
			/PORT[\s\S]*GEMINI_BASE_URL/
		);
	});
});
