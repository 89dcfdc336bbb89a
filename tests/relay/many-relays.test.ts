/**
 * Several relays on one Postgres and one Redis, against the mock Gemini: any relay answers
 * any call, a retry on another relay is neither asked of Gemini nor charged twice, the Gemini
 * width is one for the whole cluster and shared fairly, and a relay killed mid-book loses
 * nothing. Between the relays and the mock sits a counting proxy that sees every call at
 * "Gemini", so the width is measured where it matters.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import type { Relay } from '../../server/relay.ts';
import { startRedis, type RedisService } from '../services/redis.ts';
import {
	KEY,
	LONG,
	createTestDatabase,
	makeClient,
	reserveInput,
	settleRows,
	signUp,
	startTestRelay,
	type Client,
	type TestDatabase,
	type TestUser
} from './relay-fixtures.ts';

/** Counts the calls in flight to the mock Gemini and the most seen at once. */
interface CountingProxy {
	url: string;
	inFlight: number;
	max: number;
	resetMax(): void;
	close(): Promise<void>;
}

function startCountingProxy(target: string): Promise<CountingProxy> {
	const upstream = new URL(target);
	const proxy: CountingProxy = {
		url: '',
		inFlight: 0,
		max: 0,
		resetMax: () => (proxy.max = proxy.inFlight),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
	const server = http.createServer((req, res) => {
		const counted = req.method === 'POST' && /:generateContent|:streamGenerate/.test(req.url ?? '');
		if (counted) {
			proxy.inFlight += 1;
			proxy.max = Math.max(proxy.max, proxy.inFlight);
		}
		let ended = false;
		const end = () => {
			if (counted && !ended) proxy.inFlight -= 1;
			ended = true;
		};
		const out = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: req.headers
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				answer.on('end', end);
			}
		);
		out.on('error', () => {
			end();
			res.destroy();
		});
		// A relay that drops the call (killed, or cancelled) drops it at the mock too.
		res.on('close', () => {
			end();
			out.destroy();
		});
		req.pipe(out);
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			resolve(proxy);
		})
	);
}

const ENV = {
	GEMINI_MAX_CONCURRENCY: '4',
	GEMINI_TIMEOUT_MS: '10000',
	JOB_STARTS_PER_HOUR: '1000',
	CHUNK_CALLS_PER_MINUTE: '100000',
	IN_FLIGHT_PER_USER: '1000',
	MONTHLY_GRANT_CREDITS: '1000'
};

let redis: RedisService;
let data: TestDatabase;
let mock: MockGemini;
let proxy: CountingProxy;
let relayA: Relay;
let relayB: Relay;
let env: Record<string, string>;

beforeAll(async () => {
	redis = await startRedis();
	data = await createTestDatabase('postgres');
	mock = await startMockGemini({ port: 0 });
	proxy = await startCountingProxy(mock.url);
	env = { ...ENV, REDIS_URL: redis.url };
	const behindProxy = { ...mock, url: proxy.url };
	[relayA, relayB] = await Promise.all([
		startTestRelay(data, behindProxy, { ...env, RELAY_ID: 'relay-a' }),
		startTestRelay(data, behindProxy, { ...env, RELAY_ID: 'relay-b' })
	]);
}, 60_000);
afterAll(async () => {
	await relayA?.close();
	await relayB?.close();
	await proxy?.close();
	await mock?.close();
	await data?.drop();
	await redis?.stop();
});

/** The same reader's session, used through another relay. */
function via(relay: Pick<Relay, 'url'>, user: TestUser): Client {
	return makeClient(relay.url, { cookie: () => user.cookie });
}

/** A chunk of a book: distinct sentences per chunk so that outputs can be compared. */
function bookChunk(clientJobId: string, index: number) {
	const items = LONG.map((text, i) => ({
		i,
		text: `${text.slice(0, -1)}, chapitre ${index + 1}.`
	}));
	return {
		clientJobId,
		chunkIndex: index,
		idempotencyKey: `${clientJobId}-chunk-${index}-${'k'.repeat(16)}`,
		items,
		settings: { limit: 8 }
	};
}

describe('two relays on one Postgres and one Redis', () => {
	it('accepts on relay B a session made on relay A', async () => {
		const user = await signUp(relayA.url);
		const onB = via(relayB, user);
		expect((await onB.credits.balance.query()).balance).toBeGreaterThan(0);
		await onB.jobs.reserve.mutate(reserveInput('made-on-a'));
		expect((await user.client.jobs.get.query({ clientJobId: 'made-on-a' })).clientJobId).toBe(
			'made-on-a'
		);
	});

	it('answers a retry on relay B from the call made on relay A: one Gemini call, one charge', async () => {
		const user = await signUp(relayA.url);
		const onB = via(relayB, user);
		await user.client.jobs.reserve.mutate(reserveInput('retry-job'));
		const chunk = bookChunk('retry-job', 0);
		const before = mock.stats().generateRequests;
		const first = await user.client.chunks.normalize.mutate(chunk);
		const retry = await onB.chunks.normalize.mutate(chunk);
		expect(retry.cached).toBe(true);
		expect(retry.credits.charged).toBe(0);
		expect(retry.items).toEqual(first.items);
		expect(mock.stats().generateRequests - before).toBe(1);
		expect(await settleRows(onB)).toHaveLength(1);
	});

	it('joins on relay B a retry of a call still running on relay A, whose browser went away', async () => {
		const user = await signUp(relayA.url);
		const onB = via(relayB, user);
		await user.client.jobs.reserve.mutate(reserveInput('reload-job'));
		const chunk = bookChunk('reload-job', 0);
		mock.setLatency({ fixedMs: 600, perOutputTokenMs: 0 });
		try {
			const before = mock.stats().generateRequests;
			const dropped = new AbortController();
			const first = fetch(`${relayA.url}/trpc/chunks.normalize`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: user.cookie },
				body: JSON.stringify(chunk),
				signal: dropped.signal
			}).catch((err: unknown) => err);
			while (mock.stats().generateRequests === before) await new Promise((r) => setTimeout(r, 5));
			dropped.abort();
			expect(await first).toMatchObject({ name: 'AbortError' });
			const retry = await onB.chunks.normalize.mutate(chunk);
			expect(retry.items).toHaveLength(3);
			expect(retry.credits.charged).toBe(0);
			expect(mock.stats().generateRequests - before).toBe(1);
			expect(await settleRows(onB)).toHaveLength(1);
		} finally {
			mock.setLatency({ fixedMs: 0, perOutputTokenMs: 0 });
		}
	});

	it('keeps at most GEMINI_MAX_CONCURRENCY calls at Gemini for the cluster, shared fairly by three readers', async () => {
		const readers = await Promise.all([1, 2, 3].map(() => signUp(relayA.url)));
		for (const r of readers) await r.client.jobs.reserve.mutate(reserveInput('width'));
		mock.setLatency({ fixedMs: 250, perOutputTokenMs: 0 });
		proxy.resetMax();
		const done = [0, 0, 0];
		let total = 0;
		const TARGET = 36;
		try {
			// Each reader keeps 6 calls going (more than its share), alternating relays.
			const worker = async (reader: number, lane: number) => {
				const clients = [readers[reader].client, via(relayB, readers[reader])];
				for (let k = 0; total < TARGET; k++) {
					const chunk = bookChunk('width', 1000 * reader + 100 * lane + k);
					await clients[(k + lane) % 2].chunks.normalize.mutate(chunk);
					if (total < TARGET) done[reader] += 1;
					total += 1;
				}
			};
			await Promise.all(
				readers.flatMap((_, reader) => Array.from({ length: 6 }, (_, lane) => worker(reader, lane)))
			);
		} finally {
			mock.setLatency({ fixedMs: 0, perOutputTokenMs: 0 });
		}
		const ratio = Math.max(...done) / Math.min(...done);
		console.log(
			`global width: at most ${proxy.max} calls at the mock; calls per reader ${done.join('/')}, max/min ${ratio.toFixed(2)}`
		);
		// Never more than the width; and the calls did overlap across relays (a loaded machine may
		// keep the fourth slot's call in the relay a moment too long to be seen at the mock).
		expect(proxy.max).toBeLessThanOrEqual(4);
		expect(proxy.max).toBeGreaterThanOrEqual(3);
		expect(ratio).toBeLessThanOrEqual(1.5);
	});
});

/** A relay in its own process, so that it can be killed for real. */
async function spawnRelay(
	extra: Record<string, string>
): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(process.execPath, ['--import', 'tsx', join('server', 'main.ts')], {
		cwd: join(import.meta.dirname, '..', '..'),
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			...data.env,
			STATIC_DIR: join(data.dataDir, 'no-build'),
			GEMINI_API_KEY: KEY,
			GEMINI_BASE_URL: proxy.url,
			GEMINI_MAX_BACKOFF_MS: '50',
			...env,
			...extra
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /running at (http:\/\/\S+)/.exec(out);
			if (m) resolve(m[1]);
		});
		child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
		child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${out}`)));
	});
	return { url, child };
}

describe('a relay killed mid-book', () => {
	it('loses nothing: retries go to the other relay, the book ends as an undisturbed run, no chunk charged twice', async () => {
		const CHUNKS = 16;
		const runBook = async (
			user: TestUser,
			clientJobId: string,
			relays: () => string[],
			onCall?: (relayUrl: string, index: number) => void
		) => {
			const outputs: unknown[] = [];
			let next = 0;
			const worker = async () => {
				for (let index = next++; index < CHUNKS; index = next++) {
					for (let attempt = 0; ; attempt++) {
						const urls = relays();
						const url = urls[(index + attempt) % urls.length];
						onCall?.(url, index);
						try {
							const res = await makeClient(url, {
								cookie: () => user.cookie
							}).chunks.normalize.mutate(bookChunk(clientJobId, index));
							outputs[index] = res.items;
							break;
						} catch (err) {
							// As the browser does: a dropped connection or a 5xx is retried, elsewhere.
							if (attempt >= 6) throw err;
							await new Promise((r) => setTimeout(r, 100));
						}
					}
				}
			};
			await Promise.all(Array.from({ length: 4 }, worker));
			return outputs;
		};

		// The reference: the same book through relay B alone.
		const calm = await signUp(relayB.url);
		await calm.client.jobs.reserve.mutate(reserveInput('book'));
		const reference = await runBook(calm, 'book', () => [relayB.url]);

		const { url: doomedUrl, child } = await spawnRelay({ RELAY_ID: 'doomed' });
		const reader = await signUp(doomedUrl);
		await reader.client.jobs.reserve.mutate(reserveInput('book'));
		mock.setLatency({ fixedMs: 200, perOutputTokenMs: 0 });
		let alive = true;
		let sentToDoomed = 0;
		try {
			const outputs = await runBook(
				reader,
				'book',
				() => (alive ? [doomedUrl, relayB.url] : [relayB.url]),
				(url) => {
					if (url !== doomedUrl) return;
					sentToDoomed += 1;
					// Killed with calls at Gemini: the third call it receives.
					if (sentToDoomed === 3) {
						setTimeout(() => {
							child.kill('SIGKILL');
							alive = false;
						}, 100);
					}
				}
			);
			expect(alive).toBe(false);
			expect(outputs).toEqual(reference);
			console.log(
				`killed relay: ${sentToDoomed} calls sent to it, ${proxy.max} at most at the mock`
			);
		} finally {
			mock.setLatency({ fixedMs: 0, perOutputTokenMs: 0 });
			child.kill('SIGKILL');
		}
		const onB = via(relayB, reader);
		const charged = await settleRows(onB);
		expect(charged).toHaveLength(CHUNKS);
		// Billed tokens, as settled: the same as the undisturbed run's, so nothing was paid twice.
		const tokens = (rows: { tokens: number | null }[]) =>
			rows.reduce((n, r) => n + (r.tokens ?? 0), 0);
		expect(tokens(charged)).toBeGreaterThan(0);
		expect(tokens(charged)).toBe(tokens(await settleRows(calm.client)));
	}, 60_000);
});
