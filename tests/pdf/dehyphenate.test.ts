import { describe, expect, it } from 'vitest';
import {
	buildLexicon,
	endsWithBreakHyphen,
	joinLines,
	keepsHyphen
} from '../../src/lib/pdf/dehyphenate.ts';

const empty = buildLexicon([]);

describe('joinLines', () => {
	it('rejoins a word split at a line end', () => {
		expect(joinLines(['il se mit en mar-', 'che vers la ville.'], empty)).toBe(
			'il se mit en marche vers la ville.'
		);
	});

	it('joins the lines of a paragraph with one space', () => {
		expect(joinLines(['Il était', 'une fois'], empty)).toBe('Il était une fois');
	});

	it('keeps peut-être whole', () => {
		expect(joinLines(["Ce n'est peut-", 'être pas la faute'], empty)).toBe(
			"Ce n'est peut-être pas la faute"
		);
	});

	it('keeps verb–pronoun inversions: avez-vous, dit-il, a-t-il', () => {
		expect(joinLines(["n'avez-", 'vous pas cinq pieds ?'], empty)).toBe(
			"n'avez-vous pas cinq pieds ?"
		);
		expect(joinLines(['Non, dit-', 'il en riant.'], empty)).toBe('Non, dit-il en riant.');
		expect(joinLines(['Pourquoi a-', 't-il fui ?'], empty)).toBe('Pourquoi a-t-il fui ?');
		expect(joinLines(['Pourquoi a-t-', 'il fui ?'], empty)).toBe('Pourquoi a-t-il fui ?');
	});

	it('keeps Thunder-ten-tronckh, a name whose next part is itself hyphenated', () => {
		expect(joinLines(['le baron de Thunder-', 'ten-tronckh, un jeune'], empty)).toBe(
			'le baron de Thunder-ten-tronckh, un jeune'
		);
	});

	it('keeps compounds after a known prefix and between number words', () => {
		expect(joinLines(["l'arrière-", 'grand-père'], empty)).toBe("l'arrière-grand-père");
		expect(joinLines(['quatre-vingt-', 'trois ans'], empty)).toBe('quatre-vingt-trois ans');
		expect(joinLines(['tombé au-', 'dessous du pont'], empty)).toBe('tombé au-dessous du pont');
	});

	it('keeps a hyphen before a capital, as in Jean-Baptiste, but not in capitals', () => {
		expect(joinLines(['Jean-', 'Baptiste'], empty)).toBe('Jean-Baptiste');
		expect(joinLines(['CHAPI-', 'TRE PREMIER'], empty)).toBe('CHAPITRE PREMIER');
	});

	it('removes a soft hyphen at a line end', () => {
		expect(joinLines(['mar\u00AD', 'che'], empty)).toBe('marche');
	});

	it('joins with a space after a dash that is not inside a word', () => {
		expect(joinLines(['Il partit —', 'et revint.'], empty)).toBe('Il partit — et revint.');
		expect(joinLines(['de 1723-', '1724'], empty)).toBe('de 1723-1724');
	});

	it('follows the book: a compound seen whole elsewhere keeps its hyphen', () => {
		const lexicon = buildLexicon(['son bâtard bien-aimé, disait-on,', 'fut reçu']);
		expect(joinLines(['son fils bien-', 'aimé'], lexicon)).toBe('son fils bien-aimé');
		expect(joinLines(['son fils bien-', 'aimé'], empty)).toBe('son fils bienaimé');
	});

	it('follows the book: a word seen whole elsewhere is rejoined, even after a pronoun-like part', () => {
		const lexicon = buildLexicon(['la boule roula sous la table']);
		expect(joinLines(['une bou-', 'le de neige'], lexicon)).toBe('une boule de neige');
	});
});

describe('buildLexicon', () => {
	it('skips the fragments on both sides of a line-end hyphen', () => {
		const lexicon = buildLexicon(['il se mit en mar-', 'che vers peut-être la ville']);
		expect(lexicon.words.has('mar')).toBe(false);
		expect(lexicon.words.has('che')).toBe(false);
		expect(lexicon.words.has('vers')).toBe(true);
		expect(lexicon.pairs.has('peut-être')).toBe(true);
	});
});

describe('keepsHyphen', () => {
	it('joins a plain split by default', () => {
		expect(keepsHyphen('pré', 'faces,', empty)).toBe(false);
	});
});

describe('endsWithBreakHyphen', () => {
	it('sees a hyphen after a letter, not a dash after a space', () => {
		expect(endsWithBreakHyphen('en mar-')).toBe(true);
		expect(endsWithBreakHyphen('Mort du roi. -')).toBe(false);
		expect(endsWithBreakHyphen('il partit —')).toBe(false);
	});
});
