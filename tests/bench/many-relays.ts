/**
 * Bench: chunk calls per second through one relay (state in process) and through two relays
 * sharing Redis (both in this process, one SQLite file), against the mock Gemini with a fixed
 * latency, with the same readers and calls in flight. Says what the shared state costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay, type Relay } from '../../server/relay.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { startRedis } from '../services/redis.ts';
import { record } from './results.ts';

const LONG = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars, après avoir longtemps attendu les ordres, marcha enfin vers la frontière avec son armée.'
];
const items = LONG.map((text, i) => ({ i, text }));

function client(url: string, cookie = '') {
	return createTRPCClient<AppRouter>({
		links: [httpLink({ url: `${url}/trpc`, headers: () => (cookie ? { cookie } : {}) })]
	});
}

/** A new reader signed up on `url`: their session cookie. */
async function signUp(url: string, n: number): Promise<string> {
	let cookie = '';
	const c = createTRPCClient<AppRouter>({
		links: [
			httpLink({
				url: `${url}/trpc`,
				fetch: async (input, init) => {
					const res = await fetch(input, init);
					const m = /session=([^;]*)/.exec(res.headers.getSetCookie().join(';'));
					if (m) cookie = `session=${m[1]}`;
					return res;
				}
			})
		]
	});
	await c.auth.signUp.mutate({
		email: `bench-${n}-${Date.now()}@example.com`,
		password: 'correct horse battery staple'
	});
	return cookie;
}

function relayOn(dataDir: string, mock: MockGemini, env: Record<string, string>) {
	return startRelay(
		loadConfig({
			PORT: '0',
			DATA_DIR: dataDir,
			STATIC_DIR: join(dataDir, 'no-build'),
			GEMINI_API_KEY: 'bench-key',
			GEMINI_BASE_URL: mock.url,
			...ENV,
			...env
		})
	);
}

let seq = 0;

const READERS = 4;
const LANES = 8;
const SECONDS = 5;
const LATENCY_MS = 50;
const ENV = {
	GEMINI_MAX_CONCURRENCY: '32',
	JOB_STARTS_PER_HOUR: '1000',
	CHUNK_CALLS_PER_MINUTE: '1000000',
	MONTHLY_GRANT_CREDITS: '100000'
};

/** Calls per second with READERS × LANES calls in flight, spread over `relays` in turn. */
async function callsPerSecond(relays: Relay[]): Promise<number> {
	const cookies = await Promise.all(
		Array.from({ length: READERS }, (_, n) => signUp(relays[0].url, n))
	);
	for (const cookie of cookies) {
		await client(relays[0].url, cookie).jobs.reserve.mutate({
			clientJobId: 'bench',
			items,
			settings: { limit: 8 }
		});
	}
	let calls = 0;
	const end = Date.now() + SECONDS * 1000;
	const lane = async (reader: number, k: number) => {
		const clients = relays.map((relay) => client(relay.url, cookies[reader]));
		for (let n = k; Date.now() < end; n++) {
			await clients[n % clients.length].chunks.normalize.mutate({
				clientJobId: 'bench',
				chunkIndex: ++seq,
				idempotencyKey: `bench-${seq}-${'x'.repeat(16)}`,
				items,
				settings: { limit: 8 }
			});
			calls += 1;
		}
	};
	const started = performance.now();
	await Promise.all(
		cookies.flatMap((_, reader) => Array.from({ length: LANES }, (_, k) => lane(reader, k)))
	);
	return calls / ((performance.now() - started) / 1000);
}

/** Runs both set-ups and records calls/s and their ratio. */
export async function benchManyRelays(): Promise<void> {
	const mock = await startMockGemini({ port: 0 });
	mock.setLatency({ fixedMs: LATENCY_MS, perOutputTokenMs: 0 });
	const redis = await startRedis();
	const one = mkdtempSync(join(tmpdir(), 'fnt-bench-relay-'));
	const two = mkdtempSync(join(tmpdir(), 'fnt-bench-relays-'));
	try {
		const single = await relayOn(one, mock, {});
		const alone = await callsPerSecond([single]);
		await single.close();
		const shared = { REDIS_URL: redis.url };
		const pair = [await relayOn(two, mock, shared), await relayOn(two, mock, shared)];
		const together = await callsPerSecond(pair);
		for (const relay of pair) await relay.close();
		const ref = `${READERS} readers × ${LANES} in flight, mock latency ${LATENCY_MS} ms, one process`;
		record('relays.one_calls_per_s', alone, 'calls/s', `one relay, in-process state; ${ref}`);
		record('relays.two_redis_calls_per_s', together, 'calls/s', `two relays on Redis; ${ref}`);
		record('relays.two_over_one', together / alone, 'ratio', 'two relays on Redis / one relay');
		console.log(
			`relays: one ${alone.toFixed(1)} calls/s, two on Redis ${together.toFixed(1)} calls/s`
		);
	} finally {
		await mock.close();
		await redis.stop();
		rmSync(one, { recursive: true, force: true });
		rmSync(two, { recursive: true, force: true });
	}
}
