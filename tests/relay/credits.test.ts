import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../server/credits/estimate.ts';
import {
	KEY,
	LONG,
	chunkInput,
	errorOf,
	expectTotalsMatchLedger,
	ledgerOrder,
	relayBackends,
	reserveInput,
	signUp,
	startTestStack,
	type Captured,
	type TestStack
} from './relay-fixtures.ts';

const DAY = 86_400_000;
const seen: Captured[] = [];

/** Every ledger row of a user, in insertion order. */
async function ledgerRows(stack: TestStack, email: string) {
	const { rows } = await sql<{
		reason: string;
		amount: number;
		job_id: string | null;
		settle_key: string | null;
	}>`select l.reason, l.amount, l.job_id, l.settle_key from credit_ledger l
		join users u on u.id = l.user_id where u.email = ${email}
		order by ${ledgerOrder(stack.backend, 'l')}`.execute(stack.db);
	return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** The balance after each row; the invariant is that none is negative. */
function runningBalances(rows: { reason: string; amount: number }[]): number[] {
	let b = 0;
	return rows.map(
		(r) => (b += r.reason === 'reserve' ? -r.amount : r.reason === 'settle' ? 0 : r.amount)
	);
}

describe.each(relayBackends())('on %s', (backend) => {
	describe('grants, estimates, reserve, settle and release', () => {
		let stack: TestStack;
		let clock = Date.UTC(2026, 4, 10, 12);
		beforeAll(async () => {
			stack = await startTestStack({}, { now: () => clock, backend });
		});
		afterAll(async () => {
			await expectTotalsMatchLedger(stack.db);
			await stack.close();
		});

		it('grants 50 credits on a new month’s first activity, once', async () => {
			const user = await signUp(stack.relay.url, { seen });
			expect((await user.client.credits.balance.query()).balance).toBe(50);
			expect((await user.client.credits.balance.query()).balance).toBe(50);
			clock = Date.UTC(2026, 5, 1, 0, 5);
			const [a, b] = await Promise.all([
				user.client.credits.balance.query(),
				user.client.credits.balance.query()
			]);
			expect(a.balance).toBe(100);
			expect(b.balance).toBe(100);
			const grants = (await ledgerRows(stack, user.email)).filter((r) => r.reason === 'grant');
			expect(grants).toHaveLength(2);
			clock = Date.UTC(2026, 4, 10, 12);
		});

		it('estimates from the text: only sentences over the limit count, and more text costs more', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const short = [{ i: 0, text: 'Il pleut.' }];
			const one = LONG.slice(0, 1).map((text, i) => ({ i, text }));
			const three = LONG.map((text, i) => ({ i, text }));
			const e0 = await user.client.credits.estimate.mutate({
				items: short,
				settings: { limit: 8 }
			});
			const e1 = await user.client.credits.estimate.mutate({ items: one, settings: { limit: 8 } });
			const e3 = await user.client.credits.estimate.mutate({
				items: three,
				settings: { limit: 8 }
			});
			expect(e0.credits).toBe(0);
			expect(e0.tokens.longItems).toBe(0);
			expect(e1.credits).toBeGreaterThan(0);
			expect(e3.credits).toBeGreaterThan(e1.credits);
			expect(e3).toMatchObject({ balance: 50, enough: true, shortfall: 0, tier: 'flash' });
			// The lite tier is priced lower.
			const lite = await user.client.credits.estimate.mutate({
				items: three,
				settings: { limit: 8, tier: 'lite' }
			});
			expect(lite.credits).toBeLessThan(e3.credits);
		});

		it('reserves the relay’s own estimate, whatever number the browser adds', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const items = LONG.map((text, i) => ({ i, text }));
			const est = await user.client.credits.estimate.mutate({ items, settings: { limit: 8 } });
			const sneaky = { ...reserveInput('job-est', items), estimate: 0.001, credits: 0.001 };
			const res = await user.client.jobs.reserve.mutate(sneaky as ReturnType<typeof reserveInput>);
			expect(res.estimate).toBe(est.credits);
			expect(res.job.reserved).toBe(est.credits);
			expect(res.balance).toBeCloseTo(50 - est.credits, 6);
			expect((await user.client.credits.balance.query()).balance).toBeCloseTo(50 - est.credits, 6);
		});

		it('settles the real usage of a chunk, then release returns the rest: reserved − released = settled', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const reserved = await user.client.jobs.reserve.mutate(reserveInput('job-settle'));
			const res = await user.client.chunks.normalize.mutate(chunkInput('job-settle'));
			expect(res.cached).toBe(false);
			const expected = Math.ceil(res.usage.totalTokens * 0.03) / 1000;
			expect(res.credits.charged).toBeCloseTo(expected, 6);
			const job = await user.client.jobs.get.query({ clientJobId: 'job-settle' });
			expect(job.settled).toBeCloseTo(expected, 6);
			expect(job.tokens).toBe(res.usage.totalTokens);
			// The estimate errs high: the mock's real usage fits in the reservation.
			expect(job.settled).toBeLessThan(reserved.job.reserved);

			const released = await user.client.jobs.release.mutate({ clientJobId: 'job-settle' });
			expect(released.released).toBeCloseTo(reserved.job.reserved - expected, 6);
			expect(released.job.reserved - released.job.released).toBeCloseTo(released.job.settled, 6);
			expect(released.balance).toBeCloseTo(50 - expected, 6);
			// Releasing again returns nothing more.
			expect((await user.client.jobs.release.mutate({ clientJobId: 'job-settle' })).released).toBe(
				0
			);
			const ledger = await user.client.credits.ledger.query();
			expect(ledger.map((r) => r.reason).sort()).toEqual(['grant', 'release', 'reserve', 'settle']);
		});

		it('settles the attempts Gemini billed even when the chunk fails', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-fail'));
			// A cut-off answer (billed), then every solo retry hits a 500.
			stack.mock.setFaults({
				sequence: ['max_tokens', 'server_error', 'server_error', 'server_error']
			});
			const err = await errorOf(user.client.chunks.normalize.mutate(chunkInput('job-fail')));
			stack.mock.setFaults({});
			expect(err.data?.httpStatus).toBe(502);
			const job = await user.client.jobs.get.query({ clientJobId: 'job-fail' });
			expect(job.chunksSettled).toBe(1);
			expect(job.tokens).toBeGreaterThan(0);
			expect(job.settled).toBeGreaterThan(0);
		});

		it('releases a reservation 24 h after it was last used, on the owner’s next call', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const start = clock;
			const r = await user.client.jobs.reserve.mutate(reserveInput('job-lapse'));
			expect((await user.client.credits.balance.query()).balance).toBeCloseTo(
				50 - r.job.reserved,
				6
			);
			clock = start + DAY + 1000;
			expect((await user.client.credits.balance.query()).balance).toBe(50);
			const job = await user.client.jobs.get.query({ clientJobId: 'job-lapse' });
			expect(job.status).toBe('expired');
			expect(job.released).toBeCloseTo(r.job.reserved, 6);
			// A chunk for a lapsed job is refused before Gemini, with a kind the runner pauses on.
			const err = await errorOf(user.client.chunks.normalize.mutate(chunkInput('job-lapse')));
			expect(err.data?.httpStatus).toBe(402);
			expect(err.data?.kind).toBe('no_reservation');
			// Reserving again reopens it.
			expect((await user.client.jobs.reserve.mutate(reserveInput('job-lapse'))).job.status).toBe(
				'active'
			);
			clock = start;
		});

		it('lets the sweep release lapsed reservations of users who never come back', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const start = clock;
			await user.client.jobs.reserve.mutate(reserveInput('job-swept'));
			clock = start + 2 * DAY;
			expect(await stack.relay.deps.credits.sweep()).toBeGreaterThan(0);
			const rows = await ledgerRows(stack, user.email);
			expect(rows.at(-1)?.reason).toBe('release');
			clock = start;
		});
	});

	describe('payment required (402)', () => {
		let stack: TestStack;
		beforeAll(async () => {
			// A steep price, so that a chunk costs about 30 of the 50 monthly credits.
			stack = await startTestStack({ PRICE_FLASH_PER_1K_TOKENS: '45' }, { backend });
		});
		afterAll(async () => {
			await expectTotalsMatchLedger(stack.db);
			await stack.close();
		});

		it('refuses to reserve more than the balance, with balance and shortfall, until a grant', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const items = Array.from({ length: 12 }, (_, i) => ({ i, text: LONG[i % 3] }));
			const est = await user.client.credits.estimate.mutate({ items, settings: { limit: 8 } });
			expect(est.enough).toBe(false);
			const err = await errorOf(user.client.jobs.reserve.mutate(reserveInput('job-big', items)));
			expect(err.data?.httpStatus).toBe(402);
			expect(err.data?.kind).toBe('insufficient_credits');
			expect(err.data?.balance).toBe(50);
			expect(err.data?.shortfall).toBeCloseTo(est.credits - 50, 6);
			expect(err.message).toMatch(/Not enough credits/);
			// Nothing was held by the refusal.
			expect((await user.client.credits.balance.query()).balance).toBe(50);

			const users = await stack.relay.deps.users.findByEmail(user.email);
			await stack.relay.deps.credits.grant({ userId: users!.id, credits: 100, note: 'test' });
			const ok = await user.client.jobs.reserve.mutate(reserveInput('job-big', items));
			expect(ok.job.reserved).toBe(est.credits);
		});

		it('refuses a chunk its reservation and balance cannot cover, mid-job, and goes on after a grant', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-mid'));
			const first = await user.client.chunks.normalize.mutate(chunkInput('job-mid'));
			expect(first.credits.charged).toBeGreaterThan(20);
			const before = stack.mock.stats().generateRequests;
			const second = chunkInput('job-mid');
			const err = await errorOf(user.client.chunks.normalize.mutate(second));
			expect(err.data?.httpStatus).toBe(402);
			expect(err.data?.kind).toBe('insufficient_credits');
			expect(err.data?.shortfall).toBeGreaterThan(0);
			// Refused before Gemini: nothing billed.
			expect(stack.mock.stats().generateRequests).toBe(before);

			const id = (await stack.relay.deps.users.findByEmail(user.email))!.id;
			await stack.relay.deps.credits.grant({ userId: id, credits: 100, note: 'test' });
			const res = await user.client.chunks.normalize.mutate(second);
			expect(res.cached).toBe(false);
			const job = await user.client.jobs.get.query({ clientJobId: 'job-mid' });
			expect(job.chunksSettled).toBe(2);
		});

		it('refuses a chunk whose job was never reserved', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const err = await errorOf(user.client.chunks.normalize.mutate(chunkInput('never-reserved')));
			expect(err.data?.httpStatus).toBe(402);
			expect(err.data?.kind).toBe('no_reservation');
		});
	});

	describe('ledger invariants under concurrency (one user, many parallel calls)', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack(
				{
					PRICE_FLASH_PER_1K_TOKENS: '3',
					JOB_STARTS_PER_HOUR: '1000',
					CHUNK_CALLS_PER_MINUTE: '100000',
					IN_FLIGHT_PER_USER: '1000'
				},
				{ backend }
			);
			stack.mock.setLatency({ fixedMs: 20, perOutputTokenMs: 0 });
		});
		afterAll(async () => {
			await expectTotalsMatchLedger(stack.db);
			await stack.close();
		});

		it('never overdraws, charges each chunk once, and every job ends with reserved − released = settled', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const jobIds = Array.from({ length: 50 }, (_, k) => `par-${k}`);
			const reserves = await Promise.allSettled(
				jobIds.map((id) => user.client.jobs.reserve.mutate(reserveInput(id)))
			);
			const reserved = jobIds.filter((_, k) => reserves[k].status === 'fulfilled');
			const refused = reserves.filter((r) => r.status === 'rejected');
			const perJob = (
				reserves.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
					estimate: number;
				}>
			).value.estimate;
			// Exactly as many as 50 credits cover; the rest were refused with 402.
			expect(reserved.length).toBe(Math.floor(50 / perJob));
			expect(refused.length).toBe(50 - reserved.length);
			for (const r of refused)
				expect((r as PromiseRejectedResult).reason.data.httpStatus).toBe(402);

			// Each reserved job: one chunk sent three times at once (a retry racing its original),
			// and a second chunk at the same time, which only the few credits left can pay for.
			const calls: {
				key: string;
				p: Promise<{ cached: boolean; credits: { charged: number } }>;
			}[] = [];
			for (const id of reserved) {
				const once = chunkInput(id);
				for (let k = 0; k < 3; k++)
					calls.push({ key: once.idempotencyKey, p: user.client.chunks.normalize.mutate(once) });
				const extra = chunkInput(id);
				calls.push({ key: extra.idempotencyKey, p: user.client.chunks.normalize.mutate(extra) });
			}
			const outcomes = await Promise.allSettled(calls.map((c) => c.p));
			const byKey = new Map<string, { fresh: number; repeats: number }>();
			const refusedKeys = new Set<string>();
			outcomes.forEach((o, k) => {
				if (o.status === 'rejected') {
					expect(o.reason.data.kind).toBe('insufficient_credits');
					refusedKeys.add(calls[k].key);
					return;
				}
				const e = byKey.get(calls[k].key) ?? { fresh: 0, repeats: 0 };
				if (o.value.cached) {
					e.repeats += 1;
					expect(o.value.credits.charged).toBe(0);
				} else e.fresh += 1;
				byKey.set(calls[k].key, e);
			});
			// A chunk either ran exactly once (its copies joined it) or was refused, never both.
			for (const e of byKey.values()) expect(e.fresh).toBe(1);
			for (const key of refusedKeys) expect(byKey.has(key)).toBe(false);
			expect(byKey.size + refusedKeys.size).toBe(reserved.length * 2);
			// The few credits left could not cover every second chunk.
			expect(refusedKeys.size).toBeGreaterThan(0);
			// One Gemini request per chunk that ran, however often it was sent.
			expect(stack.mock.stats().generateRequests).toBe(byKey.size);
			const rows = await ledgerRows(stack, user.email);
			const settles = rows.filter((r) => r.reason === 'settle');
			expect(new Set(settles.map((r) => r.settle_key)).size).toBe(settles.length);
			expect(settles.length).toBe(byKey.size);
			// Every chunk that ran was covered before it ran: nothing went uncollected.
			const metrics = await (await fetch(`${stack.relay.url}/metrics`)).text();
			expect(metrics).not.toMatch(/^relay_credits_uncollected_total [1-9]/m);

			for (const id of reserved) await user.client.jobs.release.mutate({ clientJobId: id });
			let settledTotal = 0;
			for (const id of reserved) {
				const job = await user.client.jobs.get.query({ clientJobId: id });
				expect(job.reserved - job.released).toBeCloseTo(job.settled, 9);
				settledTotal += job.settled;
			}
			const balances = runningBalances(await ledgerRows(stack, user.email));
			expect(Math.min(...balances)).toBeGreaterThanOrEqual(0);
			expect((await user.client.credits.balance.query()).balance).toBeCloseTo(50 - settledTotal, 6);
		});
	});

	describe('isolation between users', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack({}, { backend });
		});
		afterAll(async () => {
			await expectTotalsMatchLedger(stack.db);
			await stack.close();
			for (const r of seen) expect(r.body + JSON.stringify([...r.headers])).not.toContain(KEY);
		});

		it('user B cannot read, release or replay user A’s reservation or cached result', async () => {
			const a = await signUp(stack.relay.url, { seen });
			const b = await signUp(stack.relay.url, { seen });
			await a.client.jobs.reserve.mutate(reserveInput('shared-id'));
			const input = chunkInput('shared-id');
			const mine = await a.client.chunks.normalize.mutate(input);
			const aBalance = (await a.client.credits.balance.query()).balance;

			expect(
				(await errorOf(b.client.jobs.get.query({ clientJobId: 'shared-id' }))).data?.httpStatus
			).toBe(404);
			expect(
				(await errorOf(b.client.jobs.release.mutate({ clientJobId: 'shared-id' }))).data?.httpStatus
			).toBe(404);
			expect(await b.client.jobs.list.query()).toEqual([]);
			expect((await a.client.jobs.get.query({ clientJobId: 'shared-id' })).status).toBe('active');

			// Replaying A's job id and idempotency key: no reservation of B's is named so.
			const replay = await errorOf(b.client.chunks.normalize.mutate(input));
			expect(replay.data?.kind).toBe('no_reservation');

			// With a reservation of B's own under the same id, B gets a fresh run, paid by B.
			await b.client.jobs.reserve.mutate(reserveInput('shared-id'));
			const before = stack.mock.stats().generateRequests;
			const theirs = await b.client.chunks.normalize.mutate(input);
			expect(theirs.cached).toBe(false);
			expect(theirs.credits.charged).toBeGreaterThan(0);
			expect(stack.mock.stats().generateRequests).toBe(before + 1);
			expect((await a.client.credits.balance.query()).balance).toBe(aBalance);

			// A's own repeat is still served from A's store, free.
			const again = await a.client.chunks.normalize.mutate(input);
			expect(again.cached).toBe(true);
			expect(again.credits.charged).toBe(0);
			expect(again.items).toEqual(mine.items);
		});

		it('answers a sequential repeat from the store without a second charge', async () => {
			const user = await signUp(stack.relay.url, { seen });
			await user.client.jobs.reserve.mutate(reserveInput('job-repeat'));
			const input = chunkInput('job-repeat');
			const first = await user.client.chunks.normalize.mutate(input);
			const settled = (await user.client.jobs.get.query({ clientJobId: 'job-repeat' })).settled;
			const again = await user.client.chunks.normalize.mutate(input);
			expect(again.cached).toBe(true);
			expect(again.items).toEqual(first.items);
			expect((await user.client.jobs.get.query({ clientJobId: 'job-repeat' })).settled).toBe(
				settled
			);
			expect(
				estimateTokens(input.items, { limit: 8, maxItemsPerChunk: 40, maxChunkChars: 12_000 })
					.totalTokens
			).toBeGreaterThan(first.usage.totalTokens);
		});
	});
});
