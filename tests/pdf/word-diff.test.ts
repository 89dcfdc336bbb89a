import { describe, expect, it } from 'vitest';
import { compareWords, comparableWords, lcsLength } from './word-diff.ts';

describe('the word-level quality measure', () => {
	it('splits words at apostrophes and hyphens and lower-cases them', () => {
		expect(comparableWords("L'abbé, peut-être ; 1723")).toEqual([
			'l',
			'abbé',
			'peut',
			'être',
			'1723'
		]);
	});

	it('computes the longest common subsequence', () => {
		expect(lcsLength([...'ABCBDAB'], [...'BDCABA'])).toBe(4);
		expect(lcsLength([], [1])).toBe(0);
		expect(lcsLength([1, 2, 3], [1, 2, 3])).toBe(3);
	});

	it('counts lost words against recall and inserted ones as extra', () => {
		const m = compareWords('un deux trois quatre', 'un 12 deux quatre');
		expect(m).toMatchObject({ common: 3, recall: 0.75, extra: 0.25 });
	});
});
