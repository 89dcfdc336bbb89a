import { describe, expect, it } from 'vitest';
import { findMargins, splitParagraphs } from '../../src/lib/pdf/paragraphs.ts';
import { line } from './fixtures.ts';

const metrics = { bodySize: 10, lineGap: 12 };
const texts = (groups: { text: string }[][]) => groups.map((g) => g.map((l) => l.text));

describe('splitParagraphs', () => {
	it('starts a paragraph at an indented first line', () => {
		const lines = [
			line('Première ligne,', 700, { x: 65 }),
			line('suite du premier.', 688),
			line('Deuxième paragraphe,', 676, { x: 65 }),
			line('qui continue.', 664)
		];
		expect(texts(splitParagraphs(lines, metrics))).toEqual([
			['Première ligne,', 'suite du premier.'],
			['Deuxième paragraphe,', 'qui continue.']
		]);
	});

	it('starts a paragraph after a gap wider than the line spacing', () => {
		const lines = [
			line('Fin du premier.', 700),
			line('Début du second', 670),
			line('et fin.', 658)
		];
		expect(texts(splitParagraphs(lines, metrics))).toEqual([
			['Fin du premier.'],
			['Début du second', 'et fin.']
		]);
	});

	it('does not split at a slightly stretched line spacing', () => {
		const lines = [line('une ligne', 700), line('une autre', 686.9), line('encore', 674.9)];
		expect(splitParagraphs(lines, metrics)).toHaveLength(1);
	});

	it('separates a heading set in another size', () => {
		const lines = [line('CHAPITRE II.', 700, { size: 15 }), line('Le roi', 680), line('dit', 668)];
		expect(texts(splitParagraphs(lines, metrics))).toEqual([['CHAPITRE II.'], ['Le roi', 'dit']]);
	});

	it('starts a paragraph at a bullet', () => {
		const lines = [line('• Fonctionnement', 700), line('• Questions courantes', 688)];
		expect(splitParagraphs(lines, metrics)).toHaveLength(2);
	});

	it('continues a paragraph from the foot of one column to the top of the next', () => {
		const lines = [
			line('Nam dui ligula, fringilla', 300, { x: 72 }),
			line('a, euismod sodales.', 288, { x: 72 }),
			line('Vivamus viverra fermen-', 276, { x: 72 }),
			line('tum felis. Donec nonummy', 700, { x: 310 }),
			line('pellentesque ante.', 688, { x: 310 }),
			line('Quisque ullamcorper placerat', 664, { x: 320 })
		];
		expect(texts(splitParagraphs(lines, metrics))).toEqual([
			[
				'Nam dui ligula, fringilla',
				'a, euismod sodales.',
				'Vivamus viverra fermen-',
				'tum felis. Donec nonummy',
				'pellentesque ante.'
			],
			['Quisque ullamcorper placerat']
		]);
	});
});

describe('findMargins', () => {
	it('finds one margin per column and takes indents for what they are', () => {
		const lines = [
			line('a', 700, { x: 72 }),
			line('b', 688, { x: 72 }),
			line('c', 676, { x: 82 }),
			line('d', 664, { x: 82 }),
			line('e', 700, { x: 310 }),
			line('f', 688, { x: 310 })
		];
		expect(findMargins(lines, metrics)).toEqual([72, 310]);
	});
});
