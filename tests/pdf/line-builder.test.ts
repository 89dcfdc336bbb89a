import { describe, expect, it } from 'vitest';
import { buildLines, pieceFromItem } from '../../src/lib/pdf/line-builder.ts';
import { piece } from './fixtures.ts';

describe('buildLines', () => {
	it('ends a line where pdf.js marks the end of line', () => {
		const lines = buildLines([
			piece('Il était une fois', 50, 700, { hasEOL: true }),
			piece('une marquise.', 50, 688)
		]);
		expect(lines.map((l) => l.text)).toEqual(['Il était une fois', 'une marquise.']);
	});

	it('ends a line where the baseline moves, even without an end-of-line mark', () => {
		const lines = buildLines([piece('première ligne', 50, 700), piece('deuxième ligne', 50, 688)]);
		expect(lines.map((l) => l.text)).toEqual(['première ligne', 'deuxième ligne']);
	});

	it('treats an empty end-of-line item as a line break', () => {
		const lines = buildLines([
			piece('titre', 50, 700),
			piece('', 50, 680, { hasEOL: true }),
			piece('texte', 50, 680)
		]);
		expect(lines.map((l) => l.text)).toEqual(['titre', 'texte']);
	});

	it('keeps pieces of one baseline in content order and inserts a space at a visible gap', () => {
		const lines = buildLines([
			piece('célèbre par son', 50, 700),
			piece('Catéchisme', 50 + 15 * 5 + 3, 700),
			piece(',', 50 + 15 * 5 + 3 + 50, 700)
		]);
		expect(lines[0].text).toBe('célèbre par son Catéchisme,');
	});

	it('keeps the spaces pdf.js gives as separate items, collapsed to one', () => {
		const lines = buildLines([piece('un', 50, 700), piece('  ', 60, 700), piece('mot', 70, 700)]);
		expect(lines[0].text).toBe('un mot');
	});

	it('drops a raised note number and keeps the text around it joined', () => {
		// "Trois-Évêchés¹. C'était", as XeTeX draws a note call.
		const lines = buildLines([
			piece('des Trois-Évêchés', 36, 395.5, { width: 71.85, size: 10.7 }),
			piece('1', 107.85, 399.2, { width: 2.2, size: 7.5 }),
			piece(". C'était un homme", 110.5, 395.5, { size: 10.7, hasEOL: true })
		]);
		expect(lines).toHaveLength(1);
		expect(lines[0].text).toBe("des Trois-Évêchés. C'était un homme");
		expect(lines[0].size).toBe(10.7);
	});

	it('glues raised letters to the word before them (Mlle, XVIIe)', () => {
		const lines = buildLines([
			piece('M', 50, 700, { width: 8 }),
			piece('lle', 60, 704, { size: 7, width: 8 }),
			piece(' Cunégonde au XVII', 68, 700),
			piece('e', 160, 704, { size: 7 }),
			piece(' siècle', 165, 700)
		]);
		expect(lines[0].text).toBe('Mlle Cunégonde au XVIIe siècle');
	});

	it('marks a line that opens with a raised note number, as a footnote does', () => {
		const lines = buildLines([
			piece('1', 49, 103.6, { size: 6.4, width: 1.9 }),
			piece('Toul, Metz et Verdun formaient un gouvernement', 51.5, 100.8, { size: 8.6 })
		]);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			text: 'Toul, Metz et Verdun formaient un gouvernement',
			startsWithNote: true,
			size: 8.6
		});
	});

	it('records the left edge, right edge, baseline and size of each line', () => {
		const [first] = buildLines([piece('abc', 40, 500, { width: 30, size: 12 })]);
		expect(first).toMatchObject({ x: 40, right: 70, y: 500, size: 12 });
	});

	it('gives no line for blank pieces only', () => {
		expect(buildLines([piece('  ', 50, 700), piece('', 50, 690, { hasEOL: true })])).toEqual([]);
	});
});

describe('pieceFromItem', () => {
	it('reads position and size from the text matrix', () => {
		const p = pieceFromItem({
			str: 'texte',
			transform: [10.73, 0, 0, 10.73, 50.94, 264.03],
			width: 20,
			hasEOL: true
		});
		expect(p).toEqual({ str: 'texte', x: 50.94, y: 264.03, width: 20, size: 10.73, hasEOL: true });
	});

	it('turns text drawn sideways back so that one line keeps one baseline', () => {
		// Two lines rotated by 90°: they differ in x on the page, in y in their own frame.
		const a = pieceFromItem({
			str: 'a',
			transform: [0, 12, -12, 0, 100, 72],
			width: 5,
			hasEOL: false
		});
		const b = pieceFromItem({
			str: 'b',
			transform: [0, 12, -12, 0, 114, 72],
			width: 5,
			hasEOL: false
		});
		expect(a.size).toBe(12);
		expect(a.y - b.y).toBeCloseTo(14);
		expect(a.x).toBeCloseTo(b.x);
	});
});
