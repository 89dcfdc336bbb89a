import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	KEY,
	LONG,
	chunkInput,
	errorOf,
	makeClient,
	reserveInput,
	signUp,
	relayBackends,
	startTestStack,
	type Captured,
	type TestStack
} from './relay-fixtures.ts';

const seen: Captured[] = [];

afterAll(() => {
	expect(seen.length).toBeGreaterThan(5);
	for (const r of seen) expect(r.body + JSON.stringify([...r.headers])).not.toContain(KEY);
});

// These limits run on both databases (their calls reserve and settle credits). The gate's
// timing tests further down measure the Gemini queue, not the database, and run once.
describe.each(relayBackends())('on %s', (backend) => {
	describe('per-user rate limits (429 with Retry-After)', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack(
				{ CHUNK_CALLS_PER_MINUTE: '3', JOB_STARTS_PER_HOUR: '2' },
				{ backend }
			);
		});
		afterAll(async () => {
			await stack.close();
		});

		it('limits chunk calls per minute, per user', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-rate'));
			for (let k = 0; k < 3; k++) await user.client.chunks.normalize.mutate(chunkInput('job-rate'));
			const res = await fetch(`${stack.relay.url}/trpc/chunks.normalize`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: user.cookie },
				body: JSON.stringify(chunkInput('job-rate'))
			});
			expect(res.status).toBe(429);
			const retryAfter = Number(res.headers.get('retry-after'));
			expect(retryAfter).toBeGreaterThan(0);
			expect(retryAfter).toBeLessThanOrEqual(60);
			const body = (await res.json()) as { error: { data: Record<string, unknown> } };
			expect(body.error.data).toMatchObject({
				httpStatus: 429,
				kind: 'relay_limit',
				limit: 'chunk_calls'
			});
			expect(body.error.data.retryAfterMs).toBeGreaterThan(0);
			// Another user is not slowed by the first one's limit.
			const other = await signUp(stack.relay.url, { seen });
			await other.client.jobs.reserve.mutate(reserveInput('job-rate'));
			expect(
				(await other.client.chunks.normalize.mutate(chunkInput('job-rate'))).items
			).toHaveLength(3);
		});

		it('limits job starts per hour; topping up a running job is not a start', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('start-1'));
			await user.client.jobs.reserve.mutate(reserveInput('start-2'));
			await user.client.jobs.reserve.mutate(
				reserveInput(
					'start-1',
					LONG.concat(LONG).map((text, i) => ({ i, text }))
				)
			);
			const err = await errorOf(user.client.jobs.reserve.mutate(reserveInput('start-3')));
			expect(err.data?.httpStatus).toBe(429);
			expect(err.data?.limit).toBe('job_starts');
			expect(err.data?.retryAfterMs).toBeGreaterThan(59 * 60_000);
			// The refused start held nothing.
			expect(
				(await errorOf(user.client.jobs.get.query({ clientJobId: 'start-3' }))).data?.httpStatus
			).toBe(404);
		});
	});

	describe('calls in flight per user', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack({ IN_FLIGHT_PER_USER: '2' }, { backend });
			stack.mock.setLatency({ fixedMs: 300, perOutputTokenMs: 0 });
		});
		afterAll(async () => {
			await stack.close();
		});

		it('tells the client its concurrency: the smaller of its setting and the in-flight limit', async () => {
			expect((await makeClient(stack.relay.url, { seen }).config.get.query()).concurrency).toBe(2);
		});

		it('refuses a third call in flight with 429, and frees the slot when a call ends', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const other = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-flight'));
			await other.client.jobs.reserve.mutate(reserveInput('job-flight'));
			const results = await Promise.allSettled([
				user.client.chunks.normalize.mutate(chunkInput('job-flight')),
				user.client.chunks.normalize.mutate(chunkInput('job-flight')),
				user.client.chunks.normalize.mutate(chunkInput('job-flight')),
				other.client.chunks.normalize.mutate(chunkInput('job-flight'))
			]);
			const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
			expect(refused).toHaveLength(1);
			expect(refused[0].reason.data).toMatchObject({ httpStatus: 429, limit: 'in_flight' });
			expect(refused[0].reason.data.retryAfterMs).toBeGreaterThan(0);
			expect(results[3].status).toBe('fulfilled');
			expect((await user.client.chunks.normalize.mutate(chunkInput('job-flight'))).cached).toBe(
				false
			);
		});
	});

	describe('a Gemini 429 slows the shared queue', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack(
				{ GEMINI_MAX_BACKOFF_MS: '400', GEMINI_MAX_CONCURRENCY: '8' },
				{ backend }
			);
		});
		afterAll(async () => {
			await stack.close();
		});

		it('answers the 429 with its delay and makes the next calls wait for it', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-429'));
			stack.mock.setFaults({ sequence: [{ kind: 'rate_limit', retryDelay: '0.3s' }] });
			const err = await errorOf(user.client.chunks.normalize.mutate(chunkInput('job-429')));
			expect(err.data).toMatchObject({ httpStatus: 429, kind: 'rate_limit', retryAfterMs: 300 });
			const gate = stack.relay.deps.gate.stats();
			expect(gate.capacity).toBe(4);
			expect(gate.pausedForMs).toBeGreaterThan(150);
			const started = performance.now();
			await user.client.chunks.normalize.mutate(chunkInput('job-429'));
			expect(performance.now() - started).toBeGreaterThanOrEqual(150);
		});
	});
});

describe('fairness: one user’s big job does not starve another’s small one', () => {
	let stack: TestStack;
	beforeAll(async () => {
		stack = await startTestStack({
			GEMINI_MAX_CONCURRENCY: '2',
			IN_FLIGHT_PER_USER: '100',
			CHUNK_CALLS_PER_MINUTE: '1000'
		});
		// Gemini's own latency (seconds in reality) must dominate the relay's few ms per call.
		stack.mock.setLatency({ fixedMs: 120, perOutputTokenMs: 0 });
	});
	afterAll(async () => {
		await stack.close();
	});

	it('finishes 5 chunks of user B long before the 50 of user A that were queued first', async () => {
		const a = await signUp(stack.relay.url, { seen });
		const b = await signUp(stack.relay.url, { seen });
		const bigItems = Array.from({ length: 150 }, (_, i) => ({ i, text: LONG[i % 3] }));
		await a.client.jobs.reserve.mutate(reserveInput('big', bigItems));
		await b.client.jobs.reserve.mutate(reserveInput('small'));

		const t0 = performance.now();
		let bigDone = 0;
		const done = (p: Promise<unknown>) => p.then(() => performance.now() - t0);
		const big = Array.from({ length: 50 }, () =>
			done(a.client.chunks.normalize.mutate(chunkInput('big')).finally(() => (bigDone += 1)))
		);
		// B arrives once all of A's 50 have reached the gate (done, running or waiting).
		const gate = stack.relay.deps.gate;
		while (bigDone + gate.stats().active + gate.stats().queued < 50) {
			await new Promise((r) => setTimeout(r, 5));
		}
		const waitingAhead = gate.stats().queued;
		const bStart = performance.now() - t0;
		const small = Array.from({ length: 5 }, () =>
			done(b.client.chunks.normalize.mutate(chunkInput('small')))
		);
		const smallEnd = Math.max(...(await Promise.all(small)));
		const bigEnd = Math.max(...(await Promise.all(big)));

		console.log(
			`fairness: B's 5 chunks took ${Math.round(smallEnd - bStart)} ms after arriving behind ${waitingAhead} of A's; A's 50 took ${Math.round(bigEnd)} ms`
		);
		expect(waitingAhead).toBeGreaterThan(15);
		// Round-robin: B's 5 take every other slot, about 5 × 120 ms; first come, first served
		// would have put them behind all of A's, after about 25 × 120 ms.
		expect(smallEnd - bStart).toBeLessThan((bigEnd - bStart) / 3);
		expect(smallEnd).toBeLessThan(bigEnd - 1000);
	});
});

describe('a reader alone gets the whole Gemini width (default limits)', () => {
	let stack: TestStack;
	beforeAll(async () => {
		stack = await startTestStack({ GEMINI_MAX_CONCURRENCY: '6' });
		stack.mock.setLatency({ fixedMs: 250, perOutputTokenMs: 0 });
	});
	afterAll(async () => {
		await stack.close();
	});

	it('advertises the gate width as the browser concurrency, and fills it without a 429', async () => {
		const client = makeClient(stack.relay.url, { seen });
		const { concurrency } = await client.config.get.query();
		expect(concurrency).toBe(6);
		const user = await signUp(stack.relay.url, { seen });
		await user.client.jobs.reserve.mutate(reserveInput('alone'));
		let most = 0;
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				most = Math.max(most, stack.relay.deps.gate.stats().active);
				await new Promise((r) => setTimeout(r, 2));
			}
		})();
		const results = await Promise.allSettled(
			Array.from({ length: concurrency }, () =>
				user.client.chunks.normalize.mutate(chunkInput('alone'))
			)
		);
		sampling = false;
		await sampler;
		expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
		expect(most).toBe(6);
	});
});
