import { describe, expect, it } from 'vitest';
import {
	foldText,
	matchesTerms,
	queryTerms,
	searchKey
} from '../../src/lib/workspace/row-search.ts';

describe('row search', () => {
	it('finds "élève" when the reader types "eleve", and the other way round', () => {
		const key = searchKey("L'élève regarda la maîtresse.", ['Il regarda.']);
		expect(matchesTerms(key, queryTerms('eleve'))).toBe(true);
		expect(matchesTerms(searchKey('Un eleve.', []), queryTerms('élève'))).toBe(true);
	});

	it('ignores case, including capital accented letters', () => {
		expect(foldText('ÉLÈVE À Noël')).toBe('eleve a noel');
		expect(matchesTerms(searchKey('Être ou ne pas être.', []), queryTerms('ETRE'))).toBe(true);
	});

	it('searches the output sentences as well as the source', () => {
		const key = searchKey('Une phrase longue.', ['Le château brûlait.']);
		expect(matchesTerms(key, queryTerms('chateau brulait'))).toBe(true);
	});

	it('folds ligatures and curly apostrophes, so "coeur" and "l\'homme" match the print', () => {
		const key = searchKey('Son cœur battait pour l’homme.', []);
		expect(matchesTerms(key, queryTerms('coeur'))).toBe(true);
		expect(matchesTerms(key, queryTerms("l'homme"))).toBe(true);
	});

	it('needs every word of the query, in any order', () => {
		const key = searchKey('La rivière coulait sous le pont.', []);
		expect(matchesTerms(key, queryTerms('pont riviere'))).toBe(true);
		expect(matchesTerms(key, queryTerms('pont forêt'))).toBe(false);
	});

	it('matches every row on a blank query', () => {
		expect(queryTerms('   ')).toEqual([]);
		expect(matchesTerms('anything', [])).toBe(true);
	});
});
