import { describe, expect, it } from 'vitest';
import { chunkItems, planChunks } from '../../src/lib/shared/pipeline/chunk-planner.ts';
import { sentencesOf } from './factories.ts';

const long = (n: number) =>
	`Le vieux duc marcha longtemps dans les jardins du roi numéro ${n} ce matin-là.`;
const short = 'Il sortit.';

describe('planChunks', () => {
	it('sends only the sentences over the limit', () => {
		const s = sentencesOf(short, long(1), short, long(2));
		const plans = planChunks(s, { limit: 8, maxItems: 10, maxChars: 10_000 });
		expect(plans).toEqual([{ index: 0, sentenceIndexes: [1, 3] }]);
	});

	it('caps a chunk by item count and keeps book order', () => {
		const s = sentencesOf(...Array.from({ length: 7 }, (_, k) => long(k)));
		const plans = planChunks(s, { limit: 8, maxItems: 3, maxChars: 10_000 });
		expect(plans.map((p) => p.sentenceIndexes)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
		expect(plans.map((p) => p.index)).toEqual([0, 1, 2]);
	});

	it('caps a chunk by characters without cutting a sentence', () => {
		const s = sentencesOf(long(1), long(2), long(3));
		const plans = planChunks(s, { limit: 8, maxItems: 50, maxChars: s[0].text.length + 5 });
		expect(plans.map((p) => p.sentenceIndexes)).toEqual([[0], [1], [2]]);
	});

	it('gives a sentence longer than the character budget a chunk of its own', () => {
		const s = sentencesOf(long(1), long(2));
		const plans = planChunks(s, { limit: 8, maxItems: 50, maxChars: 10 });
		expect(plans.map((p) => p.sentenceIndexes)).toEqual([[0], [1]]);
	});

	it('never puts a sentence in two chunks and never leaves one out', () => {
		const s = sentencesOf(...Array.from({ length: 100 }, (_, k) => (k % 3 ? long(k) : short)));
		const plans = planChunks(s, { limit: 8, maxItems: 7, maxChars: 400 });
		const sent = plans.flatMap((p) => p.sentenceIndexes);
		expect(new Set(sent).size).toBe(sent.length);
		expect(sent).toEqual(s.filter((x) => x.words > 8).map((x) => x.index));
	});

	it('starts with a small chunk and doubles up to the item cap', () => {
		const s = sentencesOf(...Array.from({ length: 40 }, (_, k) => long(k)));
		const plans = planChunks(s, { limit: 8, maxItems: 10, maxChars: 100_000, firstItems: 2 });
		expect(plans.map((p) => p.sentenceIndexes.length)).toEqual([2, 4, 8, 10, 10, 6]);
	});

	it('plans nothing when every sentence is within the limit', () => {
		expect(planChunks(sentencesOf(short, short), { limit: 8, maxItems: 5, maxChars: 100 })).toEqual(
			[]
		);
	});
});

describe('chunkItems', () => {
	it('rebuilds the items from stored sentences', () => {
		const s = sentencesOf(short, long(1));
		const byIndex = new Map(s.map((x) => [x.index, x]));
		expect(chunkItems({ index: 0, sentenceIndexes: [1] }, byIndex)).toEqual([
			{ i: 1, text: long(1) }
		]);
	});

	it('refuses a plan that names a missing sentence', () => {
		expect(() => chunkItems({ index: 4, sentenceIndexes: [9] }, new Map())).toThrow(/sentence 9/);
	});
});
