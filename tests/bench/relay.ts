// The relay's overhead (issue 11, goal 3): a 25-item chunk call through the relay, driven by
// autocannon, against the same SDK call made straight to the same zero-latency mock Gemini
// (in its own process), in the same run. Limits are raised so the limiter is not measured.
import autocannon from 'autocannon';
import { createGeminiClient } from '../../server/gemini/gemini-client.ts';
import {
	benchChunkInput,
	quantile,
	signUpReader,
	startMockProcess,
	startRelayProcess
} from './bench-processes.ts';
import { record } from './results.ts';

const TEXT =
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison et ses gens.";

/** 25 long items, different on every call so that no cache answers them. */
function itemsMaker() {
	let n = 0;
	return () => {
		n += 1;
		return Array.from({ length: 25 }, (_, i) => ({ i, text: `${TEXT} (${n}-${i})` }));
	};
}

/** Response times of `amount` calls, `connections` at a time, through the relay with autocannon. */
async function relayRun(
	url: string,
	cookie: string,
	body: () => string,
	opts: { amount?: number; duration?: number; connections: number }
): Promise<{ latencies: number[]; rate: number; non2xx: number }> {
	const latencies: number[] = [];
	const instance = autocannon({
		url: `${url}/trpc/chunks.normalize`,
		connections: opts.connections,
		// autocannon refuses an undefined option; it reads `amount` first when both are set.
		...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 5 }),
		requests: [
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				setupRequest: (req) => ({ ...req, body: body() })
			}
		]
	});
	instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
	const result = await instance;
	const seconds = result.duration;
	return {
		latencies,
		rate: result.requests.total / seconds,
		non2xx: result.non2xx + result.errors
	};
}

/** Response times of the same SDK call straight to the mock, and calls/s `inFlight` at a time. */
async function directRun(
	call: () => Promise<unknown>,
	opts: { amount?: number; durationMs?: number; inFlight: number }
): Promise<{ latencies: number[]; rate: number }> {
	const latencies: number[] = [];
	const start = performance.now();
	const end = opts.durationMs ? start + opts.durationMs : Infinity;
	let left = opts.amount ?? Infinity;
	await Promise.all(
		Array.from({ length: opts.inFlight }, async () => {
			while (left-- > 0 && performance.now() < end) {
				const t = performance.now();
				await call();
				latencies.push(performance.now() - t);
			}
		})
	);
	return { latencies, rate: latencies.length / ((performance.now() - start) / 1000) };
}

/** Records relay.overhead_p50_ms, relay.overhead_p99_ms and relay.throughput_vs_direct. */
export async function benchRelay(
	opts: { serial?: number; seconds?: number; rounds?: number } = {}
) {
	const serial = opts.serial ?? 150;
	const seconds = opts.seconds ?? 5;
	const rounds = opts.rounds ?? 3;
	const mock = await startMockProcess();
	const relay = await startRelayProcess(mock.url, {
		CHUNK_CALLS_PER_MINUTE: '1000000',
		IN_FLIGHT_PER_USER: '64',
		GEMINI_MAX_CONCURRENCY: '64',
		MONTHLY_GRANT_CREDITS: '10000000'
	});
	try {
		const items = itemsMaker();
		const user = await signUpReader(relay.url);
		await user.client.jobs.reserve.mutate({
			clientJobId: 'bench',
			items: items(),
			settings: { limit: 8 }
		});
		const body = () => JSON.stringify(benchChunkInput('bench', items()));
		const gemini = createGeminiClient({
			apiKey: 'bench',
			baseUrl: mock.url,
			models: { flash: 'gemini-3.6-flash' },
			timeoutMs: 30_000
		});
		const direct = () => gemini.rewrite({ items: items(), limit: 8, tier: 'flash' });

		// Warm both paths up (JIT, SQLite pages, sockets) before anything is timed.
		await relayRun(relay.url, user.cookie, body, { amount: 60, connections: 1 });
		await directRun(direct, { amount: 60, inFlight: 1 });

		// Rounds alternate the two paths, so that a busy moment of the machine hits both.
		const relayMs: number[] = [];
		const directMs: number[] = [];
		const relayRates: number[] = [];
		const directRates: number[] = [];
		let failed = 0;
		for (let r = 0; r < rounds; r++) {
			directMs.push(...(await directRun(direct, { amount: serial, inFlight: 1 })).latencies);
			const serialRun = await relayRun(relay.url, user.cookie, body, {
				amount: serial,
				connections: 1
			});
			relayMs.push(...serialRun.latencies);
			directRates.push((await directRun(direct, { durationMs: seconds * 1000, inFlight: 8 })).rate);
			const parallel = await relayRun(relay.url, user.cookie, body, {
				duration: seconds,
				connections: 8
			});
			relayRates.push(parallel.rate);
			failed += serialRun.non2xx + parallel.non2xx;
		}
		const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
		const p = (xs: number[], q: number) => Number(quantile(xs, q).toFixed(2));
		console.log(
			`relay: serial p50 ${p(relayMs, 0.5)} ms / p99 ${p(relayMs, 0.99)} ms through the relay; ` +
				`direct p50 ${p(directMs, 0.5)} ms / p99 ${p(directMs, 0.99)} ms; ` +
				`8 in flight: relay ${(sum(relayRates) / rounds).toFixed(0)} calls/s, direct ${(sum(directRates) / rounds).toFixed(0)} calls/s; ${failed} failed calls`
		);
		record(
			'relay.overhead_p50_ms',
			Number((quantile(relayMs, 0.5) - quantile(directMs, 0.5)).toFixed(2)),
			'ms',
			`≤ 2 (goal); direct SDK call p50 ${p(directMs, 0.5)} ms`
		);
		record(
			'relay.overhead_p99_ms',
			Number((quantile(relayMs, 0.99) - quantile(directMs, 0.99)).toFixed(2)),
			'ms',
			`≤ 10 (goal); direct SDK call p99 ${p(directMs, 0.99)} ms`
		);
		record(
			'relay.throughput_vs_direct',
			Number((sum(relayRates) / sum(directRates)).toFixed(3)),
			'ratio',
			`≥ 0.8 (goal); 8 in flight, direct ${(sum(directRates) / rounds).toFixed(0)} calls/s`
		);
		record('relay.failed_calls', failed, 'count', '0 expected');
	} finally {
		await relay.stop();
		await mock.stop();
	}
}
