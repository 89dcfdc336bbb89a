import { seededRandom } from '../../server/mock-gemini/seeded-random.ts';
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	countWords,
	fastWords,
	segmenterWords,
	words
} from '../../src/lib/shared/text/word-count.ts';

describe('words: elisions join the next word', () => {
	it.each([
		["l'homme", ["l'homme"]],
		['l’homme', ['l’homme']],
		["qu'il", ["qu'il"]],
		['qu’il', ['qu’il']],
		["jusqu'ici", ["jusqu'ici"]],
		["aujourd'hui", ["aujourd'hui"]],
		['aujourd’hui', ['aujourd’hui']],
		["presqu'île", ["presqu'île"]],
		["l'abbé d'Estrées", ["l'abbé", "d'Estrées"]],
		["M. le duc d'Orléans", ['M', 'le', 'duc', "d'Orléans"]]
	])('reads %s as %j', (text, expected) => {
		expect(words(text)).toEqual(expected);
	});
});

describe('words: a hyphenated compound is one word', () => {
	it.each([
		['peut-être', ['peut-être']],
		['Thunder-ten-tronckh', ['Thunder-ten-tronckh']],
		['a-t-il', ['a-t-il']],
		['dit-il', ['dit-il']],
		['avez-vous', ['avez-vous']],
		["c'est-à-dire", ["c'est-à-dire"]],
		["s'écria-t-il", ["s'écria-t-il"]],
		['quatre-vingt-trois', ['quatre-vingt-trois']],
		['Trois-Évêchés', ['Trois-Évêchés']],
		['lui-même', ['lui-même']],
		['est-ce que', ['est-ce', 'que']],
		['peut\u2011être', ['peut-être']]
	])('reads %s as %j', (text, expected) => {
		expect(words(text)).toEqual(expected);
	});

	it('does not join across a hyphen with a space beside it', () => {
		expect(words('peut- être')).toEqual(['peut', 'être']);
		expect(words('peut -être')).toEqual(['peut', 'être']);
	});
});

describe('words: dialogue dashes and punctuation are never words', () => {
	it('skips the em dash that opens a reply', () => {
		expect(words('— Oui, dit-il.')).toEqual(['Oui', 'dit-il']);
	});

	it('skips the en dash and the Gutenberg "--"', () => {
		expect(words('– Non, répondit-elle.')).toEqual(['Non', 'répondit-elle']);
		expect(words('-- Pourquoi? dit Emma.')).toEqual(['Pourquoi', 'dit', 'Emma']);
	});

	it('skips dashes around an incise', () => {
		expect(countWords('Il vint – enfin – nous voir.')).toBe(5);
	});

	it('skips « guillemets », spaced or tight', () => {
		expect(words('« Venez-vous ? » dit-il.')).toEqual(['Venez-vous', 'dit-il']);
		expect(words('«Le voilà!»')).toEqual(['Le', 'voilà']);
	});

	it('skips ellipses, with or without a comma after them', () => {
		expect(words('Il attendait... puis il partit…')).toEqual([
			'Il',
			'attendait',
			'puis',
			'il',
			'partit'
		]);
		expect(words('-- Cependant..., cependant..., objectait madame Bovary.')).toEqual([
			'Cependant',
			'cependant',
			'objectait',
			'madame',
			'Bovary'
		]);
	});

	it('counts no word in punctuation alone or in empty text', () => {
		expect(countWords('... ! ? ; : « » — – ( ) ,')).toBe(0);
		expect(countWords('')).toBe(0);
		expect(countWords('   \n\t')).toBe(0);
	});
});

describe('words: numbers', () => {
	it('counts a number as one word', () => {
		expect(words('Il mourut le 7 août 1723, à soixante-seize ans.')).toEqual([
			'Il',
			'mourut',
			'le',
			'7',
			'août',
			'1723',
			'à',
			'soixante-seize',
			'ans'
		]);
	});

	it('keeps a decimal comma and an ordinal in their number', () => {
		expect(words('3,5')).toEqual(['3,5']);
		expect(words('le XIVe siècle')).toEqual(['le', 'XIVe', 'siècle']);
		expect(words('le 1er mai')).toEqual(['le', '1er', 'mai']);
	});

	it('reads roman numerals and page references as words', () => {
		expect(words('du t. II, p. 445')).toEqual(['du', 't', 'II', 'p', '445']);
		expect(words('Napoléon III')).toEqual(['Napoléon', 'III']);
	});

	it('reads a number grouped with a space as two words', () => {
		expect(countWords('1 000 livres')).toBe(3);
	});
});

describe('countWords: real sentences', () => {
	it.each([
		['Nous étions à l’Étude, quand le Proviseur entra.', 8],
		["Le P. Daubenton, confesseur du roi d'Espagne, mourut à Madrid.", 10],
		["-- Ah! c'est qu'il y en a deux, répliqua-t-il.", 8],
		["Elle n'avait que trente-un ans.", 5],
		['J.-J. Rousseau', 3],
		['Qui donc pourvoit à nos besoins? qui donc fournit à notre subsistance?', 12]
	])('counts %s as %i words', (text, expected) => {
		expect(countWords(text)).toBe(expected);
	});

	it('always agrees with the length of words()', () => {
		const text =
			"Il avait quatre-vingt-trois ans, avec la tête entière, et vivait depuis longtemps dans la plus parfaite retraite ; c'est-à-dire qu'aujourd'hui encore…";
		expect(countWords(text)).toBe(words(text).length);
	});
});

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Lines and sentence-sized pieces of real books, as the counter meets them. */
function realPieces(): string[] {
	const books = ['saint-simon_memoires_XX__source.md', 'bovary-excerpt.txt'].map((f) =>
		readFileSync(join(FIXTURES, f), 'utf8')
	);
	return books.flatMap((book) => [...book.split('\n'), ...book.split(/(?<=[.!?…])\s+/)]);
}

describe('words: the fast scanner agrees with Intl.Segmenter', () => {
	it('gives the same words as the Segmenter on every line and sentence of two real books', () => {
		const pieces = realPieces();
		let scanned = 0;
		for (const piece of pieces) {
			expect(words(piece), piece).toEqual(segmenterWords(piece));
			if (fastWords(piece) !== undefined) scanned++;
		}
		expect(pieces.length).toBeGreaterThan(3000);
		// The scanner must actually carry plain prose, or it speeds nothing up.
		expect(scanned / pieces.length).toBeGreaterThan(0.9);
	});

	it('gives the same words as the Segmenter on random strings of tricky characters', () => {
		const alphabet = [
			...'aZéÉœçà09 ',
			"'",
			'’',
			'‘',
			'-',
			'\u2010',
			'\u2011',
			'—',
			'–',
			...'.,;:·!?«»()"_…',
			'\u00a0',
			'\u202f',
			'\u00ad',
			'\u0301',
			'ª',
			'²',
			'\n'
		];
		const random = seededRandom(11);
		for (let n = 0; n < 20_000; n++) {
			const length = 1 + Math.floor(random() * 12);
			let text = '';
			for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
			expect(words(text), JSON.stringify(text)).toEqual(segmenterWords(text));
		}
	});

	it('leaves to the Segmenter what it does not model', () => {
		expect(fastWords('3,5')).toBeUndefined();
		expect(fastWords('_\u202f')).toBeUndefined();
		expect(fastWords('peut\u00adêtre')).toBeUndefined();
		expect(fastWords("l'homme")).toEqual(["l'homme"]);
		expect(fastWords('« mot\u202f»')).toEqual(['mot\u202f']);
	});

	it('counts a repeated text the same every time', () => {
		const text = "Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira.";
		expect(countWords(text)).toBe(14);
		expect(countWords(text)).toBe(14);
		expect(words(text)).toHaveLength(14);
	});
});
