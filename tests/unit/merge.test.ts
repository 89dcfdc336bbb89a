import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../src/lib/shared/pipeline/merge.ts';
import { sentencesOf } from './factories.ts';

describe('mergeResults', () => {
	it('orders rows by sentence index whatever order results arrived in', () => {
		const s = sentencesOf('Un.', 'Deux.', 'Trois.');
		const rows = mergeResults(
			[s[2], s[0], s[1]],
			[
				{ sentenceIndex: 2, sentences: ['Trois.'], source: 'unchanged' },
				{ sentenceIndex: 0, sentences: ['Un.'], source: 'unchanged' },
				{ sentenceIndex: 1, sentences: ['Deux.'], source: 'unchanged' }
			]
		);
		expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
		expect(rows.map((r) => r.output[0])).toEqual(['Un.', 'Deux.', 'Trois.']);
	});

	it('shows a sentence without a result as pending, never dropped', () => {
		const rows = mergeResults(sentencesOf('Un.', 'Deux.'), [
			{ sentenceIndex: 1, sentences: ['Deux.'], source: 'model' }
		]);
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ outputSource: 'pending', output: [] });
		expect(rows[1]).toMatchObject({ outputSource: 'model', output: ['Deux.'] });
	});

	it('carries the edited flag and the source word count', () => {
		const rows = mergeResults(sentencesOf("L'homme qu'il vit."), [
			{ sentenceIndex: 0, sentences: ['Vu.'], source: 'model', edited: true }
		]);
		expect(rows[0]).toMatchObject({ edited: true, sourceWords: 3 });
	});
});
