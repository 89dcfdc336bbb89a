import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textOf } from '../../server/cli/quality.ts';
import { splitMechanically } from '../../src/lib/shared/text/mechanical-split.ts';
import { segmentSentences } from '../../src/lib/shared/text/segment.ts';
import { danglingKind, measureSplits } from '../../src/lib/shared/text/split-quality.ts';
import { countWords, words } from '../../src/lib/shared/text/word-count.ts';

/** The kind of the piece ending after `end` (a word of `sentence`), as the counter judges it. */
function kindAfter(sentence: string, end: string): string | null {
	const list = words(sentence);
	const i = list.indexOf(end);
	const gap = sentence.slice(sentence.indexOf(end) + end.length).match(/^[^\p{L}\p{N}]*/u)![0];
	return danglingKind(list, i, gap);
}

describe('danglingKind', () => {
	it('names what a piece ends on when the word needs what follows', () => {
		expect(kindAfter('Sous son bras gauche il avait un livre.', 'avait')).toBe('auxiliary');
		expect(kindAfter("C'est ce que je vis.", "C'est")).toBe('auxiliary');
		expect(kindAfter("Ils descendaient jusqu'à la mer.", "jusqu'à")).toBe('preposition');
		expect(kindAfter("Elle sortait d'un pantalon.", "d'un")).toBe('article');
		expect(kindAfter('Quand il vint.', 'il')).toBe('pronoun');
		expect(kindAfter('Le livre que je lis.', 'que')).toBe('que_qui');
		expect(kindAfter('Le baron de Mordicourt rentra.', 'baron')).toBe('title');
		expect(kindAfter('Il vit M. Homais.', 'M')).toBe('title');
		expect(kindAfter('Alors Jean Valjean partit.', 'Jean')).toBe('name');
	});

	it('lets inversions, stressed pronouns, punctuation and look-alikes end a piece', () => {
		expect(kindAfter('Oui, dit-il en riant.', 'dit-il')).toBeNull();
		expect(kindAfter('Il partit avec elle pour Rouen.', 'elle')).toBeNull();
		expect(kindAfter("Tel qu'il était, il partit.", 'était')).toBeNull();
		expect(kindAfter("Camarade, dit l'un en riant.", "l'un")).toBeNull();
		expect(kindAfter("Un fond d'or brillait.", "d'or")).toBeNull();
		expect(kindAfter('Il paya cent sous comptant.', 'sous')).toBeNull();
		expect(kindAfter('PREMIÈRE PARTIE suivit.', 'PREMIÈRE')).toBeNull();
	});
});

describe('measureSplits', () => {
	it('counts dangling pieces by kind, only before the last piece of a sentence', () => {
		const q = measureSplits(
			[
				{
					source: 'Sous son bras gauche il avait un livre, et il partit.',
					pieces: ['Sous son bras gauche il avait.', 'Un livre, et il partit.']
				},
				{ source: 'Il partit, et elle resta.', pieces: ['Il partit.', 'Et elle resta.'] }
			],
			8
		);
		expect(q).toMatchObject({ sentences: 2, pieces: 4, danglingPieces: 1, rate: 0.25 });
		expect(q.byKind.auxiliary).toBe(1);
		expect(q.examples[0]).toMatchObject({ kind: 'auxiliary', next: 'Un livre, et il partit.' });
	});

	it('counts pieces over the limit and words lost or duplicated', () => {
		const q = measureSplits(
			[{ source: 'Un deux trois quatre cinq.', pieces: ['Un deux trois.', 'Trois quatre six.'] }],
			2
		);
		expect(q).toMatchObject({ overLimit: 2, wordsLost: 1, wordsDuplicated: 2 });
	});
});

/** The mechanical pieces of every long sentence of a text. */
function samplesOf(text: string, limit: number) {
	return segmentSentences(text)
		.filter((s) => countWords(s) > limit)
		.map((source) => ({ source, pieces: splitMechanically(source, limit) }));
}

describe('mechanical splits of the fixture books', () => {
	const fixture = (name: string) =>
		textOf(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

	it.each([
		['saint-simon_memoires_XX__source.md', 8],
		['saint-simon_memoires_XX__source.md', 12],
		['bovary-excerpt.txt', 8],
		['bovary-excerpt.txt', 12]
	])(
		'%s at %i words: at most 0.2 percent of pieces dangle, no name cut, none over, no word lost',
		(name, limit) => {
			const q = measureSplits(samplesOf(fixture(name), limit), limit);
			expect(q.pieces).toBeGreaterThan(50);
			expect(q.rate).toBeLessThanOrEqual(0.002);
			expect(q.byKind.name + q.byKind.title).toBe(0);
			expect(q).toMatchObject({ overLimit: 0, wordsLost: 0, wordsDuplicated: 0 });
		}
	);
});
