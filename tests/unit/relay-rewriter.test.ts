import { describe, expect, it } from 'vitest';
import { CliError } from '../../server/cli/cli-error.ts';
import { relayRewriter, type CliRelayClient } from '../../server/cli/relay-rewriter.ts';
import type { ChunkPlan } from '../../src/lib/shared/pipeline/chunk-planner.ts';
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';

interface NormalizeInput {
	chunkIndex: number;
	idempotencyKey: string;
	items: ChunkItem[];
}

const relayError = (httpStatus: number, kind?: string, retryAfterMs?: number) =>
	Object.assign(new Error(kind ?? `HTTP ${httpStatus}`), {
		data: { httpStatus, kind, retryAfterMs }
	});

/** A relay whose chunk calls fail as `failures[chunkIndex]` says, in order, then answer. */
function fakeRelay(failures: Record<number, Error[]> = {}) {
	const log = { normalize: [] as NormalizeInput[], reserved: 0, released: 0, inFlight: 0, peak: 0 };
	const client = {
		jobs: {
			reserve: { mutate: async () => void (log.reserved += 1) },
			release: { mutate: async () => void (log.released += 1) }
		},
		chunks: {
			normalize: {
				mutate: async (req: NormalizeInput) => {
					log.normalize.push(req);
					log.peak = Math.max(log.peak, ++log.inFlight);
					await new Promise((r) => setTimeout(r, 5));
					log.inFlight -= 1;
					const failure = failures[req.chunkIndex]?.shift();
					if (failure) throw failure;
					return {
						items: req.items.map((it) => ({ i: it.i, sentences: ['Court.'], source: 'model' })),
						usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 },
						credits: { charged: 0.5, balance: 10 }
					};
				}
			}
		}
	};
	return { client: client as unknown as CliRelayClient, log };
}

const plans: ChunkPlan[] = Array.from({ length: 6 }, (_, index) => ({
	index,
	sentenceIndexes: [index]
}));
const items = (plan: ChunkPlan): ChunkItem[] =>
	plan.sentenceIndexes.map((i) => ({ i, text: `Phrase longue numéro ${i}.` }));

function rewriter(client: CliRelayClient, delays: number[] = [], concurrency = 4) {
	return relayRewriter(client, {
		url: 'http://relay.test',
		limit: 8,
		concurrency,
		signal: new AbortController().signal,
		retry: { maxAttempts: 3, baseMs: 1000, maxMs: 30_000 },
		sleep: async (ms) => void delays.push(ms)
	});
}

describe('relayRewriter', () => {
	it('reserves, rewrites every chunk with at most `concurrency` in flight, and releases', async () => {
		const { client, log } = fakeRelay();
		const { rewrite, totals } = rewriter(client, [], 4);
		const { results, failures } = await rewrite(plans, items);
		expect(results.map((r) => r.i).sort()).toEqual([0, 1, 2, 3, 4, 5]);
		expect(failures).toEqual([]);
		expect(log.peak).toBe(4);
		expect(log).toMatchObject({ reserved: 1, released: 1 });
		expect(totals).toEqual({
			usage: { promptTokens: 6, outputTokens: 6, totalTokens: 12 },
			creditsCharged: 3
		});
	});

	it("retries a rate limit after the relay's retryAfterMs, with the same idempotency key", async () => {
		const { client, log } = fakeRelay({ 2: [relayError(429, 'rate_limit', 5000)] });
		const delays: number[] = [];
		const { failures } = await rewriter(client, delays).rewrite(plans, items);
		expect(failures).toEqual([]);
		expect(delays).toEqual([5000]);
		const keys = log.normalize.filter((r) => r.chunkIndex === 2).map((r) => r.idempotencyKey);
		expect(keys).toHaveLength(2);
		expect(new Set(keys).size).toBe(1);
	});

	it("waits out the relay's own pacing without spending the chunk's attempts", async () => {
		const paced = () => relayError(429, 'relay_limit', 2000);
		const { client } = fakeRelay({ 3: [paced(), paced(), paced(), paced()] });
		const delays: number[] = [];
		const { failures } = await rewriter(client, delays).rewrite(plans, items);
		expect(failures).toEqual([]);
		expect(delays).toEqual([2000, 2000, 2000, 2000]);
	});

	it('fails a chunk after its attempts run out, or at once when it cannot succeed, and goes on', async () => {
		const { client } = fakeRelay({
			1: [relayError(502, 'server'), relayError(502, 'server'), relayError(502, 'server')],
			4: [relayError(400)]
		});
		const delays: number[] = [];
		const { results, failures } = await rewriter(client, delays).rewrite(plans, items);
		expect(failures.map((f) => f.chunkIndex).sort()).toEqual([1, 4]);
		expect(results.map((r) => r.i).sort()).toEqual([0, 2, 3, 5]);
		expect(delays).toHaveLength(2);
	});

	it('stops the whole run with the message when credits run out, and still releases', async () => {
		const { client, log } = fakeRelay({ 0: [relayError(402, 'insufficient_credits')] });
		const run = rewriter(client, [], 1).rewrite(plans, items);
		await expect(run).rejects.toThrow(CliError);
		await expect(run).rejects.toThrow(/refused the job: insufficient_credits/);
		expect(log.normalize).toHaveLength(1);
		expect(log.released).toBe(1);
	});

	it('says how to sign in when the relay answers 401', async () => {
		const { client } = fakeRelay({ 0: [relayError(401)] });
		await expect(rewriter(client, [], 1).rewrite(plans, items)).rejects.toThrow(
			/signed in: run 'npm run fnt -- login --relay .*', or pass --session <token>/
		);
	});

	it('asks nothing of the relay when no sentence is over the limit', async () => {
		const { client, log } = fakeRelay();
		expect(await rewriter(client).rewrite([], items)).toEqual({ results: [], failures: [] });
		expect(log).toMatchObject({ reserved: 0, released: 0 });
	});
});
