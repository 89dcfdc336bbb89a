/**
 * Two relays on one Postgres database: the credit rules hold across processes' connections,
 * not just inside one relay. Each relay has its own pool, so the only thing that can keep two
 * reserves of one reader from spending the same credits is the database's row lock.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import type { Relay } from '../../server/relay.ts';
import {
	createTestDatabase,
	ledgerOrder,
	makeClient,
	reserveInput,
	signUp,
	startTestRelay,
	type TestDatabase,
	type TestUser
} from './relay-fixtures.ts';

// A price at which the 50 monthly credits cover some of the 50 jobs, not none and not all.
const ENV = {
	PRICE_FLASH_PER_1K_TOKENS: '2',
	JOB_STARTS_PER_HOUR: '1000',
	CHUNK_CALLS_PER_MINUTE: '100000',
	IN_FLIGHT_PER_USER: '1000'
};

let data: TestDatabase;
let mock: MockGemini;
let relayA: Relay;
let relayB: Relay;

beforeAll(async () => {
	data = await createTestDatabase('postgres');
	mock = await startMockGemini({ port: 0 });
	// Started together: both migrate the empty database at once, and Kysely's lock lets one do it.
	[relayA, relayB] = await Promise.all([
		startTestRelay(data, mock, ENV),
		startTestRelay(data, mock, ENV)
	]);
});
afterAll(async () => {
	await relayA.close();
	await relayB.close();
	await mock.close();
	await data.drop();
});

/** The same user, signed in once, calling through relay B with the session made on A. */
function onB(user: TestUser) {
	return makeClient(relayB.url, { cookie: () => user.cookie });
}

/** Sends 50 reserves of distinct jobs at once, through the given clients in turn. */
async function fiftyReserves(clients: ReturnType<typeof makeClient>[]) {
	const results = await Promise.allSettled(
		Array.from({ length: 50 }, (_, k) =>
			clients[k % clients.length].jobs.reserve.mutate(reserveInput(`job-${k}`))
		)
	);
	const admitted = results.filter((r) => r.status === 'fulfilled');
	const refused = results.filter((r) => r.status === 'rejected');
	for (const r of refused) {
		expect((r as PromiseRejectedResult).reason.data?.kind).toBe('insufficient_credits');
	}
	return { admitted: admitted.length, refused: refused.length };
}

/** The user's balance after each of their ledger rows, in commit order, in millicredits. */
async function runningBalances(userId: string): Promise<number[]> {
	const { rows } = await sql<{ reason: string; amount: number }>`
		select reason, amount from credit_ledger where user_id = ${userId}
		order by ${ledgerOrder('postgres')}`.execute(relayA.deps.db);
	let b = 0;
	return rows.map(
		(r) => (b += r.reason === 'reserve' ? -r.amount : r.reason === 'settle' ? 0 : r.amount)
	);
}

describe('50 parallel reserves of one reader split across two relays on one Postgres', () => {
	it('admit exactly what one relay admits for the same balance, and never overspend', async () => {
		const single = await signUp(relayA.url);
		const split = await signUp(relayA.url);
		const perJob = (
			await single.client.credits.estimate.mutate({
				items: reserveInput('x').items,
				settings: { limit: 8 }
			})
		).credits;
		const fits = Math.floor(50 / perJob);
		expect(fits).toBeGreaterThan(1);
		expect(fits).toBeLessThan(50);

		const oneRelay = await fiftyReserves([single.client]);
		const twoRelays = await fiftyReserves([split.client, onB(split)]);

		expect(oneRelay.admitted).toBe(fits);
		expect(twoRelays.admitted).toBe(oneRelay.admitted);
		expect(twoRelays.refused).toBe(50 - fits);

		// Both relays read the one balance: what is left is the same, and not below 0.
		const left = 50 - fits * perJob;
		expect((await split.client.credits.balance.query()).balance).toBeCloseTo(left, 6);
		expect((await onB(split).credits.balance.query()).balance).toBeCloseTo(left, 6);
		const id = (await relayA.deps.users.findByEmail(split.email))!.id;
		const balances = await runningBalances(id);
		expect(Math.min(...balances)).toBeGreaterThanOrEqual(0);
		// One grant for the month however many calls raced to make it, one reserve row per admitted job.
		const reasons = (
			await relayB.deps.db
				.selectFrom('credit_ledger')
				.select('reason')
				.where('user_id', '=', id)
				.execute()
		).map((r) => r.reason);
		expect(reasons.filter((r) => r === 'grant')).toHaveLength(1);
		expect(reasons.filter((r) => r === 'reserve')).toHaveLength(fits);
	});
});
