import { describe, expect, it } from 'vitest';
import { buildBookText } from '../../src/lib/pdf/book-text.ts';
import type { Line } from '../../src/lib/pdf/line-builder.ts';
import { line } from './fixtures.ts';

/** A page with a running title at the top, its number at the bottom, and body lines. */
function page(n: number, body: Line[]): Line[] {
	return [
		line('MADAME BOVARY', 760, { size: 9, x: 200 }),
		...body,
		line(`– ${n} –`, 40, { size: 9, x: 220 })
	];
}

const at = (i: number, text: string, more: Partial<Line> = {}) => line(text, 720 - 12 * i, more);

describe('buildBookText', () => {
	it('gives each page its body text: paragraphs on lines, running lines gone', () => {
		const pages = [
			page(1, [
				at(0, 'Nous étions à l’Étude, quand le Proviseur', { x: 65 }),
				at(1, 'entra, suivi d’un nouveau habillé en bour-'),
				at(2, 'geois.'),
				at(3, 'Le Proviseur nous fit signe de nous rasseoir ;', { x: 65 })
			]),
			page(2, [
				at(0, 'puis, se tournant vers le maître d’études :'),
				at(1, '« Monsieur Roger, lui dit-il à', { x: 65 }),
				at(2, 'demi-voix… »')
			]),
			page(3, [at(0, 'Le nouveau resta debout.', { x: 65 })])
		];
		expect(buildBookText(pages)).toEqual([
			"Nous étions à l'Étude, quand le Proviseur entra, suivi d'un nouveau habillé en bourgeois.\nLe Proviseur nous fit signe de nous rasseoir ;",
			"puis, se tournant vers le maître d'études :\n« Monsieur Roger, lui dit-il à demi-voix… »",
			'Le nouveau resta debout.'
		]);
	});

	it('completes a word split across a page break on the page where it starts', () => {
		const pages = [
			page(1, [at(0, 'Il était', { x: 65 }), at(1, 'une fois une mar-')]),
			page(2, [at(0, 'quise qui sortit.'), at(1, 'Fin.', { x: 65 })]),
			page(3, [at(0, 'Encore.', { x: 65 })])
		];
		expect(buildBookText(pages)).toEqual([
			'Il était une fois une marquise',
			'qui sortit.\nFin.',
			'Encore.'
		]);
	});

	it('removes footnotes and note calls', () => {
		const pages = [
			page(1, [
				at(0, 'Le comte, gouverneur des Trois-Évêchés.', { x: 65 }),
				at(1, 'Il mourut.'),
				line('Toul, Metz et Verdun.', 80, { size: 8, startsWithNote: true })
			]),
			page(2, [at(0, 'Suite.', { x: 65 })]),
			page(3, [at(0, 'Fin.', { x: 65 })])
		];
		expect(buildBookText(pages)[0]).toBe('Le comte, gouverneur des Trois-Évêchés. Il mourut.');
	});

	it('gives "" for a page left out and for a page with nothing but its number', () => {
		const pages = [page(1, [at(0, 'Texte.')]), null, page(3, []), page(4, [at(0, 'Fin.')])];
		expect(buildBookText(pages)).toEqual(['Texte.', '', '', 'Fin.']);
	});
});
