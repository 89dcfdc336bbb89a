import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkItem, ItemResult } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { createGeminiClient } from '../../server/gemini/gemini-client.ts';
import { GeminiError } from '../../server/gemini/gemini-errors.ts';
import {
	startMockGemini,
	TRANSIENT_MIX,
	type MockGemini
} from '../../server/mock-gemini/mock-gemini.ts';
import { normalizeChunk, PartialChunkError } from '../../server/normalize/normalize-chunk.ts';

const LIMIT = 8;
/** The browser's retry policy allows 5 attempts per chunk. */
const ATTEMPTS = 5;

/** 300 long sentences of Saint-Simon's prose, in chunks of 10. */
function chunksOfBook(): ChunkItem[][] {
	const source = 'saint-simon_memoires_XX__source.md';
	const text = readFileSync(join(import.meta.dirname, '../fixtures', source), 'utf8');
	// The prose: lines that are not markup (front matter, chapter heads, HTML summaries).
	const prose = text
		.split('\n')
		.filter((line) => /^[\p{L}«—]/u.test(line))
		.join(' ');
	const sentences = prose
		.split(/(?<=[.!?…])\s+/)
		.map((s) => s.trim())
		.filter((s) => countWords(s) > LIMIT)
		.slice(0, 300);
	const items = sentences.map((text, i) => ({ i, text }));
	const chunks: ChunkItem[][] = [];
	for (let k = 0; k < items.length; k += 10) chunks.push(items.slice(k, k + 10));
	return chunks;
}

let mock: MockGemini;
beforeAll(async () => {
	mock = await startMockGemini({ seed: 20 });
});
afterAll(() => mock.close());

/** Every chunk through normalizeChunk, retried like the browser retries a retryable failure. */
async function runBook(chunks: ChunkItem[][]): Promise<ItemResult[]> {
	const client = createGeminiClient({
		apiKey: 'k',
		baseUrl: mock.url,
		models: { flash: 'mock-flash' },
		timeoutMs: 5_000
	});
	const out: ItemResult[] = [];
	for (const items of chunks) {
		// What the relay keeps between attempts (server/normalize/partial-results.ts).
		const known = new Map<number, ItemResult>();
		for (let attempt = 1; ; attempt++) {
			try {
				const result = await normalizeChunk({ client, items, limit: LIMIT, tier: 'flash', known });
				out.push(...result.items);
				break;
			} catch (err) {
				if (!(err instanceof GeminiError) || !err.retryable || attempt === ATTEMPTS) throw err;
				if (err instanceof PartialChunkError) for (const r of err.partial) known.set(r.i, r);
			}
		}
	}
	return out;
}

describe('a book under 20 % transient Gemini faults', () => {
	it('repairs no item and gives exactly the fault-free output', async () => {
		const chunks = chunksOfBook();
		expect(chunks).toHaveLength(30);
		mock.setFaults({});
		const clean = await runBook(chunks);

		mock.resetStats();
		mock.setFaults({ rate: 0.2, mix: TRANSIENT_MIX });
		const faulty = await runBook(chunks);
		const stats = mock.stats();
		// The faults did happen: more requests than chunks.
		expect(stats.generateRequests).toBeGreaterThan(chunks.length);

		expect(faulty.filter((r) => r.source === 'repaired')).toEqual([]);
		expect(faulty).toEqual(clean);
	});
});
