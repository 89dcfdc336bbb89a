import { beforeAll, describe, expect, it } from 'vitest';
import { loadLexiconFile } from '../../server/lexicon/lexicon-file.ts';
import {
	isFrenchWord,
	lemmatize,
	lexicalUnits,
	tokenize
} from '../../src/lib/shared/text/lemma.ts';
import type { Lexicon } from '../../src/lib/shared/text/lexicon.ts';

let lexicon: Lexicon;
beforeAll(() => {
	lexicon = loadLexiconFile();
}, 60_000);

describe('irregular verbs', () => {
	it.each([
		['allait', 'aller'],
		['irons', 'aller'],
		['va', 'aller'],
		['vont', 'aller'],
		['fûmes', 'être'],
		['eut', 'avoir'],
		['naquit', 'naître'],
		['voulut', 'vouloir'],
		['sut', 'savoir'],
		['fît', 'faire'],
		['mourra', 'mourir']
	])('%s is a form of %s', (form, lemma) => {
		expect(lexicon.lemmasOf(form)).toContain(lemma);
	});

	it('reads suis as être first, and also as suivre', () => {
		expect(lexicon.lemmasOf('suis')).toEqual(['être', 'suivre']);
	});

	it('marks avoir and être forms as auxiliaries', () => {
		expect(lexicon.posOf('avait')[0]).toBe('aux');
		expect(lexicon.posOf('étaient')[0]).toBe('aux');
	});
});

describe('elisions', () => {
	it("cuts l'homme into the article and the noun", () => {
		expect(lemmatize("l'homme", lexicon)).toEqual(['le', 'homme']);
		expect(lexicalUnits("l'homme", lexicon)[0].pos).toContain('det');
	});

	it("cuts qu'il into que and the subject pronoun", () => {
		const units = lexicalUnits("qu'il", lexicon);
		expect(units.map((u) => u.lemmas[0])).toEqual(['que', 'il']);
		expect(units[1].pos).toEqual(['subject-pronoun']);
	});

	it("reads j'ai as je + avoir, with the typographic apostrophe too", () => {
		expect(lemmatize('j’ai', lexicon)).toEqual(['je', 'avoir']);
	});

	it("keeps aujourd'hui and jusqu'ici whole", () => {
		expect(lemmatize("aujourd'hui", lexicon)).toEqual(["aujourd'hui"]);
		expect(lemmatize("jusqu'ici", lexicon)).toEqual(["jusqu'ici"]);
	});

	it("reads c', n', s' and lorsqu' as their full words", () => {
		expect(lemmatize("C'était", lexicon)).toEqual(['ce', 'être']);
		expect(lemmatize("n'a", lexicon)).toEqual(['ne', 'avoir']);
		expect(lemmatize("s'en", lexicon)).toEqual(['se', 'en']);
		expect(lemmatize("lorsqu'elle", lexicon)).toEqual(['lorsque', 'elle']);
	});
});

describe('hyphens', () => {
	it('keeps a compound the lexicon has', () => {
		expect(lemmatize('peut-être', lexicon)).toEqual(['peut-être']);
	});

	it('splits an inversion and drops the euphonic t', () => {
		expect(lemmatize('dit-il', lexicon)).toEqual(['dire', 'il']);
		expect(lemmatize('a-t-il', lexicon)).toEqual(['avoir', 'il']);
	});
});

describe('plurals and feminines', () => {
	it.each([
		['chevaux', 'cheval'],
		['yeux', 'oeil'],
		['maisons', 'maison'],
		['journaux', 'journal'],
		['belles', 'beau'],
		['heureuse', 'heureux'],
		['vieille', 'vieux'],
		['blanches', 'blanc'],
		['actrices', 'acteur']
	])('%s comes back to %s', (form, lemma) => {
		expect(lexicon.lemmasOf(form)).toContain(lemma);
	});

	it('folds case and the œ ligature', () => {
		expect(lexicon.lemmasOf('Cœurs')).toEqual(['coeur']);
		expect(lexicon.lemmasOf('Œil')).toContain('oeil');
	});
});

describe('tokens', () => {
	it('finds words with their offsets and no punctuation', () => {
		const text = '« Venez-vous ? » dit-il, l’homme.';
		const tokens = tokenize(text);
		expect(tokens.map((t) => t.text)).toEqual(['Venez-vous', 'dit-il', 'l’homme']);
		for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
	});

	it('tells French words from garbled text', () => {
		expect(isFrenchWord("l'homme", lexicon)).toBe(true);
		expect(isFrenchWord('xqzt', lexicon)).toBe(false);
	});
});

describe('the bundled function-word lexicon', () => {
	it('knows articles, prepositions, auxiliaries and pronouns without the full table', async () => {
		const { functionWordLexicon } = await import('../../src/lib/shared/text/function-lexicon.ts');
		const small = functionWordLexicon();
		expect(small.posOf('les')).toContain('det');
		expect(small.posOf('vers')).toContain('prep');
		expect(small.posOf('avait')).toContain('aux');
		expect(small.posOf('qui')).toContain('relative-pronoun');
		expect(small.posOf('maison')).toEqual([]);
	});
});
