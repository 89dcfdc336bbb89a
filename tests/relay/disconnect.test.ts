import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	chunkInput,
	errorOf,
	reserveInput,
	settleRows,
	signUp,
	startTestStack,
	type TestStack,
	type TestUser
} from './relay-fixtures.ts';

let stack: TestStack;

beforeAll(async () => {
	stack = await startTestStack({ GEMINI_TIMEOUT_MS: '10000' });
	// Long enough to drop the connection while the call is at Gemini.
	stack.mock.setLatency({ fixedMs: 700, perOutputTokenMs: 0 });
});
afterAll(async () => {
	await stack.close();
});

/** Sends a chunk call over raw HTTP and drops the connection once the mock has it. */
async function sendAndDisconnect(user: TestUser, input: ReturnType<typeof chunkInput>) {
	const before = stack.mock.stats().generateRequests;
	const controller = new AbortController();
	const sent = fetch(`${stack.relay.url}/trpc/chunks.normalize`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: user.cookie },
		body: JSON.stringify(input),
		signal: controller.signal
	}).catch((err: unknown) => err);
	while (stack.mock.stats().generateRequests === before) await new Promise((r) => setTimeout(r, 5));
	controller.abort();
	expect(await sent).toMatchObject({ name: 'AbortError' });
}

describe('a call whose browser goes away', () => {
	it('runs to the end at Gemini; the retry joins it: one Gemini call, one charge', async () => {
		const user = await signUp(stack.relay.url);
		await user.client.jobs.reserve.mutate(reserveInput('reload-job'));
		const input = chunkInput('reload-job');
		const before = stack.mock.stats();
		await sendAndDisconnect(user, input);
		// The reload's retry arrives while the first call is still at Gemini.
		const retry = await user.client.chunks.normalize.mutate(input);
		expect(retry.items).toHaveLength(3);
		expect(retry.credits.charged).toBe(0);
		const after = stack.mock.stats();
		expect(after.generateRequests - before.generateRequests).toBe(1);
		expect(after.outputTokens).toBeGreaterThan(before.outputTokens);
		expect(await settleRows(user.client)).toHaveLength(1);
	});

	it('stores the answer for a retry that comes after the call ended', async () => {
		const user = await signUp(stack.relay.url);
		await user.client.jobs.reserve.mutate(reserveInput('closed-tab'));
		const input = chunkInput('closed-tab');
		const before = stack.mock.stats().generateRequests;
		await sendAndDisconnect(user, input);
		// Wait for the abandoned call to be charged: it finished, though no one listened.
		while ((await settleRows(user.client)).length === 0)
			await new Promise((r) => setTimeout(r, 50));
		const retry = await user.client.chunks.normalize.mutate(input);
		expect(retry.cached).toBe(true);
		expect(retry.credits.charged).toBe(0);
		expect(retry.items.map((i) => i.i)).toEqual([0, 1, 2]);
		expect(stack.mock.stats().generateRequests - before).toBe(1);
		expect(await settleRows(user.client)).toHaveLength(1);
	});

	it('stops at Gemini only on an explicit cancel of the job', async () => {
		const user = await signUp(stack.relay.url);
		await user.client.jobs.reserve.mutate(reserveInput('cancelled'));
		const input = chunkInput('cancelled');
		const before = stack.mock.stats();
		const call = errorOf(user.client.chunks.normalize.mutate(input));
		while (stack.mock.stats().generateRequests === before.generateRequests) {
			await new Promise((r) => setTimeout(r, 5));
		}
		const { stoppedHere } = await user.client.chunks.cancel.mutate({ clientJobId: 'cancelled' });
		expect(stoppedHere).toBe(1);
		const err = await call;
		expect(err.data).toMatchObject({ kind: 'aborted' });
		// Gemini wrote no answer for it, and nothing was charged.
		expect(stack.mock.stats().outputTokens).toBe(before.outputTokens);
		expect(await settleRows(user.client)).toHaveLength(0);
	});

	it('cancels only the calls of the named job of that reader', async () => {
		const user = await signUp(stack.relay.url);
		const other = await signUp(stack.relay.url);
		await user.client.jobs.reserve.mutate(reserveInput('keep-me'));
		await other.client.jobs.reserve.mutate(reserveInput('keep-me'));
		const mine = user.client.chunks.normalize.mutate(chunkInput('keep-me'));
		const theirs = other.client.chunks.normalize.mutate(chunkInput('keep-me'));
		await new Promise((r) => setTimeout(r, 100));
		expect(
			(await other.client.chunks.cancel.mutate({ clientJobId: 'another-job' })).stoppedHere
		).toBe(0);
		expect((await mine).items).toHaveLength(3);
		expect((await theirs).items).toHaveLength(3);
	});
});
