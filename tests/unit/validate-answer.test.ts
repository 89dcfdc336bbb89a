import { describe, expect, it } from 'vitest';
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { MIN_CONTENT_COVERAGE, validateAnswer } from '../../server/normalize/validate-answer.ts';

const LIMIT = 8;

/** Two long items, each with a faithful rewrite of at most 8 words per sentence. */
function chunk(): { input: ChunkItem[]; good: { i: number; sentences: string[] }[] } {
	return {
		input: [
			{
				i: 4,
				text: 'Le vieux domestique, qui avait servi la famille pendant trente ans, ouvrit lentement la porte du salon.'
			},
			{
				i: 5,
				text: "La duchesse l'attendait près de la fenêtre, un livre ouvert sur les genoux, sans lire."
			}
		],
		good: [
			{
				i: 4,
				sentences: [
					'Le vieux domestique avait servi la famille.',
					"Il l'avait servie pendant trente ans.",
					'Il ouvrit lentement la porte du salon.'
				]
			},
			{
				i: 5,
				sentences: [
					"La duchesse l'attendait près de la fenêtre.",
					'Un livre ouvert était sur ses genoux.',
					'Elle ne lisait pas.'
				]
			}
		]
	};
}

describe('validateAnswer', () => {
	it('accepts a faithful answer and returns every item', () => {
		const { input, good } = chunk();
		const result = validateAnswer(input, good, LIMIT);
		expect(result.failures).toEqual([]);
		expect([...result.ok.keys()]).toEqual([4, 5]);
		expect(result.ok.get(4)).toEqual(good[0].sentences);
	});

	it('accepts answer items in any order', () => {
		const { input, good } = chunk();
		const result = validateAnswer(input, [good[1], good[0]], LIMIT);
		expect(result.failures).toEqual([]);
		expect(result.ok.size).toBe(2);
	});

	it('reports an input item the answer left out as missing', () => {
		const { input, good } = chunk();
		const result = validateAnswer(input, [good[0]], LIMIT);
		expect(result.failures).toEqual([{ i: 5, reason: 'missing' }]);
		expect(result.ok.has(5)).toBe(false);
		expect(result.ok.has(4)).toBe(true);
	});

	it('fails an item answered twice, even when both answers are valid', () => {
		const { input, good } = chunk();
		const result = validateAnswer(input, [...good, good[1]], LIMIT);
		expect(result.failures).toEqual([{ i: 5, reason: 'duplicate' }]);
		expect(result.ok.has(5)).toBe(false);
	});

	it('reports an invented i as unknown and ignores it', () => {
		const { input, good } = chunk();
		const result = validateAnswer(input, [...good, { i: 99, sentences: ['Il pleut.'] }], LIMIT);
		expect(result.failures).toEqual([{ i: 99, reason: 'unknown' }]);
		expect([...result.ok.keys()]).toEqual([4, 5]);
	});

	it.each([
		['a blank sentence', ['Le vieux domestique avait servi la famille.', '   ']],
		['a punctuation-only sentence', ['Le vieux domestique avait servi la famille.', '…']],
		['no sentence at all', []]
	])('fails an item with %s as empty_sentence', (_name, sentences) => {
		const { input, good } = chunk();
		const result = validateAnswer(input, [{ i: 4, sentences }, good[1]], LIMIT);
		expect(result.failures).toEqual([{ i: 4, reason: 'empty_sentence' }]);
	});

	it('fails an item with a sentence over the limit', () => {
		const { input, good } = chunk();
		const long = 'Le vieux domestique avait servi la famille pendant trente ans.';
		expect(countWords(long)).toBe(10);
		const result = validateAnswer(input, [{ i: 4, sentences: [long] }, good[1]], LIMIT);
		expect(result.failures).toEqual([{ i: 4, reason: 'over_limit' }]);
	});

	it('counts words with the shared counter, not by spaces', () => {
		// Seven words by the product's rule (elisions and compounds are one word each);
		// split(' ') sees eleven pieces, the quotes and dashes among them.
		const elided = "« L'homme qu'il vit — peut-être — attendait longtemps là-bas. »";
		expect(elided.split(' ')).toHaveLength(11);
		expect(countWords(elided)).toBe(7);
		const input: ChunkItem[] = [{ i: 0, text: elided }];
		expect(validateAnswer(input, [{ i: 0, sentences: [elided] }], 7).failures).toEqual([]);
		// And the other way: "aujourd'hui,grand" has no space but is two words.
		const packed = "Aujourd'hui,grand-père,vieux,las,seul,triste,malade,attendait.";
		expect(packed.split(' ')).toHaveLength(1);
		expect(validateAnswer([{ i: 1, text: packed }], [{ i: 1, sentences: [packed] }], 7)).toEqual({
			ok: new Map(),
			failures: [{ i: 1, reason: 'over_limit' }]
		});
	});

	it('fails an item whose rewrite skipped a passage, though every sentence fits', () => {
		const { input, good } = chunk();
		const skipped = { i: 4, sentences: ['Le vieux domestique ouvrit la porte.'] };
		const result = validateAnswer(input, [skipped, good[1]], LIMIT);
		expect(result.failures).toEqual([{ i: 4, reason: 'content_lost' }]);
	});

	it(`accepts a rewrite that keeps at least ${MIN_CONTENT_COVERAGE * 100}% of the content words`, () => {
		const { input, good } = chunk();
		// 11 of 12 distinct content words kept: "lentement" is dropped.
		const oneLost = {
			i: 4,
			sentences: [
				'Le vieux domestique avait servi la famille.',
				"Il l'avait servie pendant trente ans.",
				'Il ouvrit la porte du salon.'
			]
		};
		expect(validateAnswer(input, [oneLost, good[1]], LIMIT).failures).toEqual([]);
	});

	it('returns the sentences trimmed', () => {
		const { input, good } = chunk();
		const padded = { i: 5, sentences: good[1].sentences.map((s) => `  ${s}\n`) };
		expect(validateAnswer(input, [good[0], padded], LIMIT).ok.get(5)).toEqual(good[1].sentences);
	});

	it('reports each failing item once, with the first rule it breaks', () => {
		const { input } = chunk();
		const result = validateAnswer(
			input,
			[{ i: 4, sentences: ['', 'Le vieux domestique avait servi la famille pendant trente ans.'] }],
			LIMIT
		);
		expect(result.failures).toEqual([
			{ i: 4, reason: 'empty_sentence' },
			{ i: 5, reason: 'missing' }
		]);
	});
});
