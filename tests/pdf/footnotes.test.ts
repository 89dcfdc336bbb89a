import { describe, expect, it } from 'vitest';
import { findFootnotes } from '../../src/lib/pdf/footnotes.ts';
import { line } from './fixtures.ts';

const metrics = { bodySize: 10.7, lineGap: 12 };
const body = [
	line('cabale italienne ; maître jésuite', 400, { size: 10.7 }),
	line("d'ailleurs, qui avait été provincial de", 388, { size: 10.7 })
];

describe('findFootnotes', () => {
	it('finds the small-type block at the bottom that opens with a raised note number', () => {
		const notes = [
			line('Toul, Metz et Verdun formaient un gouvernement', 100.8, {
				size: 8.6,
				startsWithNote: true
			}),
			line('particulier.', 91.3, { size: 8.6 })
		];
		expect(findFootnotes([...body, ...notes], metrics)).toEqual([notes[1], notes[0]]);
	});

	it('finds a note that opens with a plain number', () => {
		const note = line('2 Invitations.', 90, { size: 8.6 });
		expect(findFootnotes([...body, note], metrics)).toEqual([note]);
	});

	it('keeps small type at the bottom that does not open with a note number', () => {
		const quote = line('Ainsi finit la lettre.', 90, { size: 8.6 });
		expect(findFootnotes([...body, quote], metrics)).toEqual([]);
	});

	it('takes a note carried over from the previous page, which has no number', () => {
		const rest = line('monarchie, un gouvernement particulier.', 90, { size: 8.6 });
		expect(findFootnotes([...body, rest], metrics, true)).toEqual([rest]);
	});

	it('does not take a page set entirely in small type for notes', () => {
		const page = [line('1 Première ligne', 400, { size: 8 }), line('suite', 388, { size: 8 })];
		expect(findFootnotes(page, metrics)).toEqual([]);
	});
});
