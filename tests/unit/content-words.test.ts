import { describe, expect, it } from 'vitest';
import { contentWords } from '../../server/normalize/content-words.ts';

describe('contentWords', () => {
	it('keeps nouns, verbs, adjectives and adverbs, lower-cased, in order', () => {
		expect(contentWords('Le Vieux domestique ouvrit lentement la porte.')).toEqual([
			'vieux',
			'domestique',
			'ouvrit',
			'lentement',
			'porte'
		]);
	});

	it('drops articles, pronouns, prepositions, conjunctions and forms of être and avoir', () => {
		expect(contentWords('Il est à la maison et elle a été dans les champs avec eux.')).toEqual([
			'maison',
			'champs'
		]);
	});

	it('strips elided prefixes with either apostrophe', () => {
		expect(contentWords("L'homme qu’il aimait s'assit jusqu'ici d'abord.")).toEqual([
			'homme',
			'aimait',
			'assit',
			'ici',
			'abord'
		]);
	});

	it('finds the verb of an inverted subject, so "dit-il" matches "il dit"', () => {
		expect(contentWords('« Venez », dit-il.')).toEqual(['venez', 'dit']);
		expect(contentWords('Il dit : « Venez ».')).toEqual(['dit', 'venez']);
		expect(contentWords('Peut-être a-t-il raison.')).toEqual(['peut', 'raison']);
	});

	it('keeps words whose apostrophe is not an elision', () => {
		expect(contentWords("Aujourd'hui, le prud'homme arrive.")).toEqual([
			"aujourd'hui",
			"prud'homme",
			'arrive'
		]);
	});

	it('ignores punctuation and returns nothing for function words only', () => {
		expect(contentWords('« — ; … ! »')).toEqual([]);
		expect(contentWords('Il y en a.')).toEqual([]);
	});
});
