import { describe, expect, it } from 'vitest';
import type { LayoutMetrics } from '../../src/lib/pdf/layout-metrics.ts';
import type { Line } from '../../src/lib/pdf/line-builder.ts';
import { edgeBlock, findRunningLines } from '../../src/lib/pdf/running-lines.ts';
import { line } from './fixtures.ts';

const metrics: LayoutMetrics = { bodySize: 10, lineGap: 12 };

/** A page: optional header at y 760, body lines from y 720 down, optional footer at y 40. */
function page(body: string[], header?: string, footer?: string, headerSize = 9): Line[] {
	return [
		...(header ? [line(header, 760, { size: headerSize })] : []),
		...body.map((text, i) => line(text, 720 - 12 * i)),
		...(footer ? [line(footer, 40, { size: 9 })] : [])
	];
}

function keptTexts(pages: Line[][]): string[][] {
	const drops = findRunningLines(pages, metrics);
	return pages.map((lines, i) => lines.filter((l) => !drops[i].has(l)).map((l) => l.text));
}

const body = ['Il était une fois', 'une marquise qui', 'sortit à cinq heures.'];

describe('findRunningLines', () => {
	it('drops bare and decorated page numbers at the top or bottom of a page', () => {
		const pages = [
			page(body, '12'),
			page(body, undefined, '– 13 –'),
			page(body, undefined, '[14]'),
			page(body, 'Page 15'),
			page(body, undefined, '- 16 -'),
			page(body, 'xvii')
		];
		expect(keptTexts(pages)).toEqual(pages.map(() => body));
	});

	it('drops a title or author line repeated at the top of nearby pages', () => {
		const pages = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
			page(body, n % 2 ? 'MADAME BOVARY' : 'GUSTAVE FLAUBERT', String(n))
		);
		expect(keptTexts(pages)).toEqual(pages.map(() => body));
	});

	it('drops a header that carries the page number, whatever the number', () => {
		const pages = [20, 21, 22, 23].map((n) => page(body, `Mémoires XX ${n}`));
		expect(keptTexts(pages)).toEqual(pages.map(() => body));
	});

	it('drops browser print headers and footers: date, URL and "2 sur 7"', () => {
		const pages = [
			page(
				body,
				'Le vérificateur d’avis – Assurez-vous https://support.mozilla.org/fr/kb/x',
				'2 sur 7 06/12/2023, 14:12'
			)
		];
		expect(keptTexts(pages)).toEqual([body]);
	});

	it('keeps a chapter heading larger than body text, even on many pages', () => {
		const pages = [1, 2, 3, 4].map(() => page(body, 'CHAPITRE', undefined, 15));
		expect(keptTexts(pages)[0]).toEqual(['CHAPITRE', ...body]);
	});

	it('keeps a year standing alone above a paragraph', () => {
		const pages = [page(body, '1723', '1'), page(body, '2'), page(body, '3')];
		expect(keptTexts(pages)[0]).toEqual(['1723', ...body]);
	});

	it('keeps a line set apart at the top of distant pages, as a short reply is', () => {
		// "— Oui." is a paragraph of its own, followed by a paragraph gap, on pages 1, 11, 21.
		const reply = () => [line('— Oui.', 750), ...body.map((t, i) => line(t, 720 - 12 * i))];
		const pages = Array.from({ length: 30 }, (_, i) => (i % 10 === 0 ? reply() : page(body)));
		expect(keptTexts(pages)[10]).toEqual(['— Oui.', ...body]);
	});

	it('keeps the first line of the body when no gap sets it apart', () => {
		const pages = [page(['42', ...body]), page(['42', ...body]), page(['42', ...body])];
		expect(keptTexts(pages)[0]).toEqual(['42', ...body]);
	});
});

describe('edgeBlock', () => {
	it('takes the lines before the first wide gap, at most two', () => {
		const lines = page(body, 'Titre courant', '7');
		expect(edgeBlock(lines, 'top', metrics).map((l) => l.text)).toEqual(['Titre courant']);
		expect(edgeBlock(lines, 'bottom', metrics).map((l) => l.text)).toEqual(['7']);
	});

	it('finds no edge block on a page of evenly spaced lines', () => {
		expect(edgeBlock(page(body), 'top', metrics)).toEqual([]);
	});
});
