import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkItem, ItemResult, Usage } from '../../src/lib/shared/pipeline/types.ts';
import { countWords, words } from '../../src/lib/shared/text/word-count.ts';
import {
	createGeminiClient,
	type GeminiClient,
	type RewriteAnswer
} from '../../server/gemini/gemini-client.ts';
import { GeminiError } from '../../server/gemini/gemini-errors.ts';
import {
	startMockGemini,
	type Fault,
	type MockGemini
} from '../../server/mock-gemini/mock-gemini.ts';
import {
	normalizeChunk,
	PartialChunkError,
	TRANSIENT_ANSWER_BUDGET
} from '../../server/normalize/normalize-chunk.ts';

const LIMIT = 8;

const LONG: ChunkItem[] = [
	{
		i: 3,
		text: 'Le vieux domestique, qui avait servi la famille pendant trente ans, ouvrit lentement la porte du salon.'
	},
	{
		i: 5,
		text: "La duchesse l'attendait près de la fenêtre, un livre ouvert sur les genoux, sans lire une seule ligne.",
		context: 'Il entra.'
	},
	{
		i: 8,
		text: "Peut-être qu'il viendrait demain, pensait-elle en regardant la pluie tomber sur le jardin désert."
	}
];

const SHORT: ChunkItem[] = [
	{ i: 4, text: 'Il entra sans frapper.' },
	{ i: 6, text: '« Vous voilà enfin ! »' }
];

let mock: MockGemini;
let gemini: GeminiClient;

beforeAll(async () => {
	mock = await startMockGemini({ port: 0 });
	gemini = createGeminiClient({
		apiKey: 'test-key',
		baseUrl: mock.url,
		models: { flash: 'mock-flash' },
		timeoutMs: 5_000
	});
});

afterAll(async () => {
	await mock.close();
});

beforeEach(() => {
	mock.resetStats();
	mock.setFaults({});
});

/** A client that records the usage of every attempt Gemini billed, answered or rejected. */
function billingSpy(): { client: GeminiClient; billed: Usage[] } {
	const billed: Usage[] = [];
	return {
		billed,
		client: {
			readPages: (request) => gemini.readPages(request),
			async rewrite(request): Promise<RewriteAnswer> {
				try {
					const answer = await gemini.rewrite(request);
					billed.push(answer.usage);
					return answer;
				} catch (err) {
					if (err instanceof GeminiError && err.usage) billed.push(err.usage);
					throw err;
				}
			}
		}
	};
}

function normalize(items: ChunkItem[], client: GeminiClient = gemini, signal?: AbortSignal) {
	return normalizeChunk({ client, items, limit: LIMIT, tier: 'flash', signal });
}

/** Every input i exactly once, sorted, and every model or repaired sentence within the limit. */
function expectCompleteAndShort(results: ItemResult[], input: ChunkItem[]): void {
	expect(results.map((r) => r.i)).toEqual(input.map((item) => item.i).sort((a, b) => a - b));
	for (const result of results) {
		expect(result.sentences.length).toBeGreaterThan(0);
		for (const sentence of result.sentences)
			expect(countWords(sentence)).toBeLessThanOrEqual(LIMIT);
	}
}

function sourceOf(results: ItemResult[], i: number) {
	return results.find((r) => r.i === i)?.source;
}

function lowerWords(text: string): string[] {
	return words(text).map((w) => w.toLocaleLowerCase('fr'));
}

function sum(usages: Usage[]): Usage {
	return usages.reduce(
		(total, u) => ({
			promptTokens: total.promptTokens + u.promptTokens,
			outputTokens: total.outputTokens + u.outputTokens,
			totalTokens: total.totalTokens + u.totalTokens
		}),
		{ promptTokens: 0, outputTokens: 0, totalTokens: 0 }
	);
}

describe('normalizeChunk against the mock Gemini server', () => {
	it('rewrites a chunk in one request: every item once, within the limit, from the model', async () => {
		const result = await normalize(LONG);
		expectCompleteAndShort(result.items, LONG);
		expect(result.items.every((r) => r.source === 'model')).toBe(true);
		expect(mock.stats().generateRequests).toBe(1);
		expect(result.usage.totalTokens).toBeGreaterThan(0);
	});

	it('passes short items through unchanged and never sends them to Gemini', async () => {
		const input = [LONG[0], SHORT[0], LONG[1], SHORT[1]];
		const result = await normalize(input);
		expectCompleteAndShort(result.items, input);
		for (const short of SHORT) {
			expect(result.items.find((r) => r.i === short.i)).toEqual({
				i: short.i,
				sentences: [short.text],
				source: 'unchanged'
			});
			expect(mock.stats().itemRequests[short.text]).toBeUndefined();
		}
		expect(sourceOf(result.items, LONG[0].i)).toBe('model');
	});

	it('makes no request at all when every item is already short', async () => {
		const result = await normalize(SHORT);
		expect(result.items.map((r) => r.source)).toEqual(['unchanged', 'unchanged']);
		expect(result.usage).toEqual({ promptTokens: 0, outputTokens: 0, totalTokens: 0 });
		expect(mock.stats().requests).toBe(0);
	});

	it.each<Fault>(['drop_item', 'over_limit', 'skip_passage'])(
		'asks an item again alone, exactly once, after a first answer with %s',
		async (fault) => {
			// The fault hits the first item of the first request only.
			mock.setFaults({ sequence: [fault] });
			const result = await normalize(LONG);
			expectCompleteAndShort(result.items, LONG);
			expect(result.items.every((r) => r.source === 'model')).toBe(true);
			const stats = mock.stats();
			expect(stats.generateRequests).toBe(2);
			expect(stats.itemRequests).toEqual({
				[LONG[0].text]: 2,
				[LONG[1].text]: 1,
				[LONG[2].text]: 1
			});
			expect(mock.lastRequest()?.body).toMatchObject({
				contents: [{ parts: [{ text: JSON.stringify({ limit: LIMIT, items: [LONG[0].text] }) }] }]
			});
		}
	);

	it.each<Fault>(['drop_item', 'over_limit', 'skip_passage'])(
		'repairs an item that still fails alone (%s every time), keeping all its words',
		async (fault) => {
			const target = LONG[1];
			mock.setFaults({ items: { duchesse: fault } });
			const result = await normalize(LONG);
			expectCompleteAndShort(result.items, LONG);
			const repaired = result.items.find((r) => r.i === target.i);
			expect(repaired?.source).toBe('repaired');
			expect(lowerWords(repaired?.sentences.join(' ') ?? '')).toEqual(lowerWords(target.text));
			expect(sourceOf(result.items, LONG[0].i)).toBe('model');
			expect(sourceOf(result.items, LONG[2].i)).toBe('model');
			expect(mock.stats().itemRequests[target.text]).toBe(2);
		}
	);

	it('asks every item alone when the whole first answer is blocked (safety)', async () => {
		mock.setFaults({ sequence: ['safety'] });
		const result = await normalize(LONG);
		expectCompleteAndShort(result.items, LONG);
		expect(result.items.every((r) => r.source === 'model')).toBe(true);
		const stats = mock.stats();
		expect(stats.generateRequests).toBe(1 + LONG.length);
		expect(Object.values(stats.itemRequests)).toEqual([2, 2, 2]);
	});

	it('asks the same chunk again after a malformed answer, and repairs nothing', async () => {
		mock.setFaults({ sequence: ['malformed_json'] });
		const result = await normalize(LONG);
		expectCompleteAndShort(result.items, LONG);
		expect(result.items.every((r) => r.source === 'model')).toBe(true);
		const stats = mock.stats();
		expect(stats.generateRequests).toBe(2);
		expect(Object.values(stats.itemRequests)).toEqual([2, 2, 2]);
	});

	it('asks a cut-off chunk again in two halves, and repairs nothing', async () => {
		mock.setFaults({ sequence: ['max_tokens'] });
		const result = await normalize(LONG);
		expectCompleteAndShort(result.items, LONG);
		expect(result.items.every((r) => r.source === 'model')).toBe(true);
		const stats = mock.stats();
		expect(stats.generateRequests).toBe(3);
		expect(Object.values(stats.itemRequests)).toEqual([2, 2, 2]);
	});

	it('hands a chunk back as retryable when its answers keep being cut off, never repaired', async () => {
		mock.setFaults({ items: { duchesse: 'max_tokens' } });
		const error = await normalize(LONG).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(PartialChunkError);
		expect((error as PartialChunkError).kind).toBe('truncated');
		expect((error as PartialChunkError).retryable).toBe(true);
		// The items that did come back whole are kept for the retry.
		expect((error as PartialChunkError).partial.map((r) => r.source)).toEqual(['model', 'model']);
		// Each cut-off answer of its group used one unit of the budget, then the chunk gave up.
		expect(mock.stats().itemRequests[LONG[1].text]).toBe(1 + TRANSIENT_ANSWER_BUDGET);
	});

	it('repairs only the item that is blocked every time, and keeps the model for the rest', async () => {
		mock.setFaults({ items: { pluie: 'safety' } });
		const result = await normalize(LONG);
		expectCompleteAndShort(result.items, LONG);
		expect(result.items.map((r) => r.source)).toEqual(['model', 'model', 'repaired']);
		expect(Math.max(...Object.values(mock.stats().itemRequests))).toBe(2);
	});

	it('sums the usage of every billed attempt, rejected answers included', async () => {
		const spy = billingSpy();
		mock.setFaults({ sequence: ['max_tokens'], items: { vieux: 'over_limit' } });
		const result = await normalize(LONG, spy.client);
		// The truncated chunk answer, then one solo answer per item.
		expect(spy.billed).toHaveLength(1 + LONG.length);
		expect(result.usage).toEqual(sum(spy.billed));
		expect(sourceOf(result.items, LONG[0].i)).toBe('repaired');
	});

	it('never asks an item more than twice, whatever content faults come', async () => {
		mock.setFaults({ rate: 0.6, mix: ['drop_item', 'over_limit', 'skip_passage'] });
		for (let run = 0; run < 5; run++) {
			mock.resetStats();
			const result = await normalize([...LONG, ...SHORT]);
			expectCompleteAndShort(result.items, [...LONG, ...SHORT]);
			const counts = Object.values(mock.stats().itemRequests);
			expect(counts).toHaveLength(LONG.length);
			expect(Math.max(...counts)).toBeLessThanOrEqual(2);
		}
	});

	it.each<[Fault, GeminiError['kind']]>([
		['rate_limit', 'rate_limit'],
		['daily_quota', 'daily_quota'],
		['server_error', 'server'],
		['unavailable', 'server'],
		['bad_key', 'auth']
	])('throws a %s on the first request to the caller, without retrying', async (fault, kind) => {
		mock.setFaults({ sequence: [fault] });
		const error = await normalize(LONG).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(GeminiError);
		expect((error as GeminiError).kind).toBe(kind);
		expect(mock.stats().generateRequests).toBe(1);
	});

	it('throws a call failure of the solo retry with the usage already billed', async () => {
		const spy = billingSpy();
		mock.setFaults({ sequence: ['drop_item', 'unavailable'] });
		const error = await normalize(LONG, spy.client).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(GeminiError);
		expect((error as GeminiError).kind).toBe('server');
		expect((error as GeminiError).retryable).toBe(true);
		expect((error as GeminiError).usage).toEqual(sum(spy.billed));
		expect(spy.billed).toHaveLength(1);
	});

	it('stops and reports aborted when the caller aborts', async () => {
		mock.setFaults({ sequence: ['hang'] });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const error = await normalize(LONG, gemini, controller.signal).catch((err: unknown) => err);
		expect(error).toBeInstanceOf(GeminiError);
		expect((error as GeminiError).kind).toBe('aborted');
		expect(mock.stats().generateRequests).toBe(1);
	});

	it('refuses a chunk that repeats an item index rather than lose one', async () => {
		await expect(normalize([LONG[0], { ...LONG[1], i: LONG[0].i }])).rejects.toThrow(RangeError);
		expect(mock.stats().requests).toBe(0);
	});
});

describe('normalizeChunk, a chunk that fails after some items were answered', () => {
	it('hands back the answered items, and a retry with them asks Gemini only for the rest', async () => {
		// The batch answer drops its first item (3); that item's solo re-ask then hits a 500.
		mock.setFaults({ sequence: ['drop_item', 'server_error'] });
		let partial: ItemResult[] = [];
		try {
			await normalizeChunk({ client: gemini, items: LONG, limit: LIMIT, tier: 'flash' });
			expect.unreachable('the solo 500 should fail the chunk');
		} catch (err) {
			expect(err).toBeInstanceOf(PartialChunkError);
			expect((err as PartialChunkError).kind).toBe('server');
			partial = (err as PartialChunkError).partial;
		}
		const answered = partial.map((r) => r.i).sort();
		expect(answered).toHaveLength(2);
		expect(answered).not.toContain(LONG[0].i);

		mock.resetStats();
		const known = new Map(partial.map((r) => [r.i, r]));
		const res = await normalizeChunk({
			client: gemini,
			items: LONG,
			limit: LIMIT,
			tier: 'flash',
			known
		});
		expect(res.items.map((r) => r.i)).toEqual([3, 5, 8]);
		const asked = Object.keys(mock.stats().itemRequests);
		const missing = LONG.find((it) => !answered.includes(it.i))!;
		expect(asked).toEqual([missing.text]);
		for (const r of partial) expect(res.items.find((x) => x.i === r.i)).toEqual(r);
	});
});
