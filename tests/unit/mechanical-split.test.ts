import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { splitMechanically } from '../../src/lib/shared/text/mechanical-split.ts';
import { segmentSentences } from '../../src/lib/shared/text/segment.ts';
import { countWords, words } from '../../src/lib/shared/text/word-count.ts';

const END = /[.!?…][\s»”’"')\]›]*$/;

/** The fixture is hard-wrapped like the Gutenberg file: one paragraph per line, as extraction gives. */
function bovaryExcerpt(): string {
	const raw = readFileSync(new URL('../fixtures/bovary-excerpt.txt', import.meta.url), 'utf8');
	return raw
		.split(/\n\s*\n/)
		.map((paragraph) =>
			paragraph
				.split('\n')
				// Rejoin a word hyphenated at a line end ("beaux-" + "arts").
				.reduce((text, line) => (/\p{L}-$/u.test(text) ? text + line : `${text} ${line}`))
		)
		.join('\n');
}

function lower(list: string[]): string[] {
	return list.map((word) => word.toLowerCase());
}

function balanced(text: string): boolean {
	let depth = 0;
	for (const ch of text) {
		if (ch === '«') depth++;
		if (ch === '»' && --depth < 0) return false;
	}
	return depth === 0;
}

/** Every way `pieces` breaks the contract for `sentence`, or nothing. */
function breaches(sentence: string, pieces: string[], limit: number): string[] {
	const out: string[] = [];
	if (pieces.length === 0) out.push('no piece');
	for (const piece of pieces) {
		if (countWords(piece) === 0) out.push(`empty piece "${piece}"`);
		if (countWords(piece) > limit) out.push(`over ${limit}: "${piece}"`);
		// A sentence within the limit comes back as it is, final mark or not.
		if (countWords(sentence) > limit && !END.test(piece)) {
			out.push(`no end punctuation: "${piece}"`);
		}
		if (balanced(sentence) && !balanced(piece)) out.push(`unbalanced: "${piece}"`);
	}
	if (lower(pieces.flatMap(words)).join(' ') !== lower(words(sentence)).join(' ')) {
		out.push(`words changed: ${JSON.stringify(pieces)}`);
	}
	return out;
}

const LONG_SENTENCES = [
	"Daubenton, jésuite français, avait toujours gardé de grandes mesures avec notre cour ; mais outré contre le cardinal Dubois, il voulut le faire repentir de l'insulte qu'il en avait si mal à propos reçue, et ne sut faire pis, se voyant mourir, que de persuader au roi d'Espagne de prendre pour confesseur le P. Bermudez, jésuite espagnol, qui fut nommé le lendemain de sa mort.",
	"Resté dans l'angle, derrière la porte, si bien qu'on l'apercevait à peine, le nouveau était un gars de la campagne, d'une quinzaine d'années environ, et plus haut de taille qu'aucun de nous tous.",
	'— Il se rencontre un jour, répéta Rodolphe, un jour, tout à coup, et quand on en désespérait ; alors des horizons s’entrouvrent, c’est comme une voix qui crie : « Le voilà ! »',
	'Il dit : « Je viens ici parce que tu m’appelles et que je t’aime depuis toujours, mon enfant. » Puis il se tut longuement.',
	'Le petit chat noir de la voisine dormait tranquillement sur le rebord ensoleillé de la grande fenêtre du salon',
	"Il n'avait que le prieuré d'Argenteuil, près de Paris, et n'avait jamais voulu plus d'un bénéfice, quoiqu'il eût fort peu d'ailleurs…"
];

describe('splitMechanically: sentences within the limit', () => {
	it('returns a sentence within the limit unchanged, alone', () => {
		const sentence = 'Enfin, M. le Conseiller se leva.';
		expect(splitMechanically(sentence, 8)).toEqual([sentence]);
		expect(splitMechanically(sentence, 6)).toEqual([sentence]);
	});

	it('returns a sentence unchanged even without end punctuation', () => {
		expect(splitMechanically('CHAPITRE III', 3)).toEqual(['CHAPITRE III']);
	});

	it("counts by the product's rule, so elisions and compounds do not push a sentence over", () => {
		const sentence = "Aujourd'hui, peut-être, s'écria-t-il, qu'il viendra jusqu'ici.";
		expect(countWords(sentence)).toBe(6);
		expect(splitMechanically(sentence, 6)).toEqual([sentence]);
	});
});

describe('splitMechanically: where it cuts', () => {
	it('cuts at ; and : before commas', () => {
		expect(
			splitMechanically(
				'Il ne pouvait mieux choisir, disait-on ; mais les siens étaient plus courts, et meilleurs.',
				8
			)
		).toEqual([
			'Il ne pouvait mieux choisir, disait-on.',
			'Mais les siens étaient plus courts, et meilleurs.'
		]);
		expect(
			splitMechanically(
				"Plusieurs personnes, dit-on, moururent : la duchesse, l'abbé et le duc.",
				6
			)
		).toEqual(['Plusieurs personnes, dit-on, moururent.', "La duchesse, l'abbé et le duc."]);
	});

	it('cuts at commas before conjunctions', () => {
		expect(
			splitMechanically(
				'Le duc et le cardinal, qui étaient arrivés le matin, partirent le soir même.',
				6
			)
		).toEqual([
			'Le duc et le cardinal.',
			'Qui étaient arrivés le matin.',
			'Partirent le soir même.'
		]);
	});

	it('cuts before a conjunction or a relative when there is no punctuation', () => {
		expect(
			splitMechanically(
				"Il se mit à rire parce que le cardinal avait mangé son poulet et qu'il l'avait oublié.",
				8
			)
		).toEqual([
			'Il se mit à rire.',
			'Parce que le cardinal avait mangé son poulet.',
			"Et qu'il l'avait oublié."
		]);
	});

	it('keeps "parce que" and "ce qui" together', () => {
		const pieces = splitMechanically(
			'Elle savait très bien ce qui se passait dans la maison parce que la servante lui racontait tout le soir',
			9
		);
		expect(pieces).toEqual([
			'Elle savait très bien.',
			'Ce qui se passait dans la maison.',
			'Parce que la servante lui racontait tout le soir.'
		]);
	});

	it('splits by word count as a last resort, with even pieces and no one-word piece', () => {
		const pieces = splitMechanically(
			'Le petit chat noir de la voisine dormait tranquillement sur le rebord ensoleillé de la grande fenêtre',
			8
		);
		expect(pieces.map(countWords)).toEqual([7, 5, 5]);
		expect(pieces.every((piece) => countWords(piece) > 1)).toBe(true);
		expect(
			splitMechanically('Un deux trois quatre cinq six sept huit neuf.', 8).map(countWords)
		).toEqual([5, 4]);
	});

	it('does not strand a determiner or a preposition at the end of a piece', () => {
		const pieces = splitMechanically(
			'Le petit chat noir de la voisine dormait tranquillement sur le rebord ensoleillé de la grande fenêtre',
			5
		);
		for (const piece of pieces.slice(0, -1)) {
			expect(piece).not.toMatch(/\b(?:le|la|de|sur)\.$/);
		}
	});

	it('keeps an incise with the speech before it', () => {
		expect(
			splitMechanically(
				"-- Eh quoi! dit-il, ne savez-vous pas qu'il y a des âmes sans cesse tourmentées?",
				12
			)
		).toEqual([
			'-- Eh quoi! dit-il.',
			"Ne savez-vous pas qu'il y a des âmes sans cesse tourmentées?"
		]);
	});

	it('does not cut inside "comme si" or after "à" before a relative', () => {
		const pieces = splitMechanically(
			"On en reste ébloui, comme si l'on sortait des ténèbres à la lumière, à ce roi à qui rien n'est indifférent.",
			5
		);
		expect(pieces.some((piece) => /\b(?:comme|à)\.$/.test(piece))).toBe(false);
	});

	it('does not cut after a title such as "M." when another cut will do', () => {
		const pieces = splitMechanically(
			'Le soir venu, le jeune médecin alla rendre visite à M. Homais dans sa pharmacie du bourg.',
			6
		);
		expect(pieces.some((piece) => piece.endsWith(' M.'))).toBe(false);
		expect(pieces.join(' ')).toContain('M. Homais');
	});
});

describe('splitMechanically: no piece ends on a word that needs the next', () => {
	/** The last word of every piece but the last, lower-cased. */
	const ends = (pieces: string[]) =>
		pieces.slice(0, -1).map((piece) => words(piece).at(-1)!.toLowerCase());

	it('keeps an auxiliary with its participle and "c\'est" with what it presents', () => {
		const pieces = splitMechanically(
			"Sous son bras gauche il avait un gros livre relié de cuir noir qu'il serrait contre lui",
			8
		);
		expect(ends(pieces)).not.toContain('avait');
		const more = splitMechanically(
			"C'est ce que je vis très clairement en Espagne pendant les deux années où j'y demeurai",
			8
		);
		expect(ends(more)).not.toContain("c'est");
	});

	it('does not strand an elided preposition or article such as "jusqu\'à" or "d\'un"', () => {
		const pieces = splitMechanically(
			"Puis ils descendaient à pic jusqu'à la rivière profonde qui coulait au fond d'un ravin noir et froid",
			7
		);
		for (const end of ends(pieces)) expect(end).not.toMatch(/^(?:jusqu'à|d'un|à|la|au)$/u);
	});

	it('does not cut a title from its name, nor a name in two', () => {
		const pieces = splitMechanically(
			'Le jardinier qui le tenait par les oreilles le baron de Mordicourt rentra au château avec Jean Valjean',
			8
		);
		const text = pieces.join(' ');
		expect(text).toMatch(/baron de Mordicourt/u);
		expect(text).toMatch(/Jean Valjean/u);
	});

	it('lets a piece end on "avait" when a comma closes the clause there', () => {
		const pieces = splitMechanically(
			"Le vieux domestique ne disait rien de tout ce qu'il avait, et les autres se taisaient aussi",
			8
		);
		expect(pieces.some((piece) => /qu'il avait\.$/u.test(piece))).toBe(true);
	});
});

describe('splitMechanically: how pieces read', () => {
	it('ends every piece with end punctuation, replacing a trailing , ; or :', () => {
		expect(
			splitMechanically(
				"Ici, c'est la vigne; ailleurs, ce sont les pommiers à cidre; là, le colza; plus loin, les fromages!",
				8
			)
		).toEqual([
			"Ici, c'est la vigne.",
			'Ailleurs, ce sont les pommiers à cidre.',
			'Là, le colza; plus loin, les fromages!'
		]);
	});

	it('keeps the original final ? ! or … on the last piece', () => {
		for (const mark of ['?', '!', '…', '...']) {
			const pieces = splitMechanically(
				`Ne sont-elles pas la seule belle chose qu'il y ait sur la terre, la source de l'héroïsme, de la poésie${mark}`,
				8
			);
			expect(pieces.at(-1)?.endsWith(mark)).toBe(true);
		}
	});

	it('adds a period to the last piece when the sentence has none', () => {
		const pieces = splitMechanically(
			'Le petit chat noir de la voisine dormait tranquillement sur le rebord',
			6
		);
		expect(pieces.length).toBeGreaterThan(1);
		expect(pieces.at(-1)).toMatch(/rebord\.$/);
	});

	it('capitalises the first letter of every piece after the first', () => {
		const pieces = splitMechanically(
			"Il n'avait que le prieuré d'Argenteuil, près de Paris, et n'avait jamais voulu plus d'un bénéfice.",
			7
		);
		expect(pieces).toEqual([
			"Il n'avait que le prieuré d'Argenteuil.",
			'Près de Paris.',
			"Et n'avait jamais voulu plus d'un bénéfice."
		]);
	});

	it('keeps a dialogue dash on the first piece', () => {
		const pieces = splitMechanically(
			"— Ah ! c'est qu'il y en a deux, répliqua-t-il, la petite et la convenue.",
			6
		);
		expect(pieces[0]).toMatch(/^— Ah !/);
		expect(pieces.slice(1).every((piece) => !piece.includes('—'))).toBe(true);
	});

	it('closes a quotation at a cut and opens it again on the next piece', () => {
		expect(
			splitMechanically(
				'Il dit : « Je viens ici parce que tu m’appelles et que je t’aime depuis toujours. »',
				7
			)
		).toEqual([
			'Il dit.',
			'« Je viens ici parce que tu m’appelles. »',
			'« Et que je t’aime depuis toujours. »'
		]);
	});

	it("follows the book's tight guillemets when it adds one", () => {
		const pieces = splitMechanically(
			"«Mais je n'en finirais pas, s'il fallait énumérer les produits.»",
			6
		);
		expect(pieces).toEqual([
			"«Mais je n'en finirais pas.»",
			"«S'il fallait énumérer les produits.»"
		]);
	});
});

describe('splitMechanically: contract', () => {
	it('rejects a limit that is not a positive integer', () => {
		expect(() => splitMechanically('Il vint.', 0)).toThrow(RangeError);
		expect(() => splitMechanically('Il vint.', 2.5)).toThrow(RangeError);
		expect(() => splitMechanically('Il vint.', Number.NaN)).toThrow(RangeError);
	});

	it('gives the same pieces every time', () => {
		for (const sentence of LONG_SENTENCES) {
			expect(splitMechanically(sentence, 5)).toEqual(splitMechanically(sentence, 5));
		}
	});

	it('holds every invariant for every limit from 3 to 50', () => {
		const found: string[] = [];
		for (let limit = 3; limit <= 50; limit++) {
			for (const sentence of LONG_SENTENCES) {
				found.push(...breaches(sentence, splitMechanically(sentence, limit), limit));
			}
		}
		expect(found).toEqual([]);
	});

	it('holds on sentences with glued words, numbers and unusual hyphens', () => {
		const sentences = [
			'Le prix et/ou la date et/ou le lieu et/ou la personne et/ou le reste seront fixés plus tard.',
			'Il paya 1 000 livres, 3,5 sous et 12 deniers le 1er mai 1723 au XIVe siècle.',
			'Il aimait peut\u2011être les beaux\u2011arts, la musique et la poésie plus que tout au monde.'
		];
		const found: string[] = [];
		for (const limit of [3, 4, 5, 8]) {
			for (const sentence of sentences) {
				found.push(...breaches(sentence, splitMechanically(sentence, limit), limit));
			}
		}
		expect(found).toEqual([]);
	});
});

describe('splitMechanically: every sentence of a Madame Bovary excerpt', () => {
	const sentences = segmentSentences(bovaryExcerpt());

	it('reads the excerpt as many sentences, most over the default limit', () => {
		expect(sentences.length).toBeGreaterThan(60);
		expect(sentences.filter((sentence) => countWords(sentence) > 8).length).toBeGreaterThan(30);
	});

	it.each([3, 5, 8, 12, 20])('holds every invariant at limit %i', (limit) => {
		const found: string[] = [];
		for (const sentence of sentences) {
			const pieces = splitMechanically(sentence, limit);
			found.push(...breaches(sentence, pieces, limit));
			if (countWords(sentence) <= limit && pieces[0] !== sentence) {
				found.push(`changed within limit: "${sentence}"`);
			}
		}
		expect(found).toEqual([]);
	});
});
