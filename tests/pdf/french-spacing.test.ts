import { describe, expect, it } from 'vitest';
import { normalizeCharacters, normalizeFrenchSpacing } from '../../src/lib/pdf/french-spacing.ts';

describe('normalizeCharacters', () => {
	it('turns ligatures into letters (NFKC)', () => {
		expect(normalizeCharacters('eﬀet, ﬁn, ﬂeur, oﬃce, souﬄe')).toBe(
			'effet, fin, fleur, office, souffle'
		);
	});

	it('composes accents written as a letter and a combining mark', () => {
		expect(normalizeCharacters('e\u0301te\u0301')).toBe('été');
	});

	it('keeps the ellipsis as one character', () => {
		expect(normalizeCharacters('Et voilà…')).toBe('Et voilà…');
	});

	it('turns no-break, thin and other spaces into one plain space', () => {
		expect(normalizeCharacters('«\u00A0Oui\u202F!\u00A0»\u2009dit-il')).toBe('« Oui ! » dit-il');
	});

	it("writes the apostrophe between letters as '", () => {
		expect(normalizeCharacters('l’abbé d’Estrées, aujourd’hui')).toBe(
			"l'abbé d'Estrées, aujourd'hui"
		);
	});

	it('keeps a closing quotation mark that is not an apostrophe', () => {
		expect(normalizeCharacters('le ‘mot’ juste')).toBe('le ‘mot’ juste');
	});

	it('removes zero-width characters and inner soft hyphens, keeps a final soft hyphen', () => {
		expect(normalizeCharacters('mo\u200Bt in\u00ADterne mar\u00AD')).toBe('mot interne mar\u00AD');
	});
});

describe('normalizeFrenchSpacing', () => {
	it('puts one space inside guillemets and before ; : ! ?', () => {
		expect(normalizeFrenchSpacing('«Venez-vous?» dit-il.')).toBe('« Venez-vous ? » dit-il.');
		expect(normalizeFrenchSpacing('«  Oui  »   dit-il ; non : jamais !')).toBe(
			'« Oui » dit-il ; non : jamais !'
		);
	});

	it('adds the space before ; ! ? : that ends a clause', () => {
		expect(normalizeFrenchSpacing('Quoi? Il part; elle reste: voilà!')).toBe(
			'Quoi ? Il part ; elle reste : voilà !'
		);
	});

	it('leaves times, URLs and stacked marks alone', () => {
		expect(normalizeFrenchSpacing('à 10:30 sur https://x.fr/a?b=1 ?! !')).toBe(
			'à 10:30 sur https://x.fr/a?b=1 ?! !'
		);
	});

	it('trims spaces around paragraph breaks and removes leftover soft hyphens', () => {
		expect(normalizeFrenchSpacing(' fin.  \n  Début mar\u00AD ')).toBe('fin.\nDébut mar');
	});
});
