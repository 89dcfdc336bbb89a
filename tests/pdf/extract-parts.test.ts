import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packLines, unpackLines } from '../../src/lib/pdf/line-pack.ts';
import { assembleBook, type LinesPart } from '../../src/lib/pdf/pdf-core.ts';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { extractParts } from '../../src/lib/pdf/pdf-bridge.ts';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures', name)));

describe('packed lines', () => {
	it('come back as the same pages of lines, left-out pages included', () => {
		const pages = [
			[
				{ text: 'Il était une fois', x: 72, right: 300.5, y: 700, size: 10, startsWithNote: false },
				{ text: '1 Une note.', x: 72, right: 200, y: 80, size: 8, startsWithNote: true }
			],
			null,
			[],
			[{ text: 'Fin.', x: 90, right: 120, y: 650, size: 10, startsWithNote: false }]
		];
		expect(unpackLines(packLines(pages))).toEqual(pages);
	});

	it('keep an all-empty book empty', () => {
		expect(unpackLines(packLines([null, []]))).toEqual([null, []]);
	});
});

describe('a book read in parts', () => {
	const core = createNodePdfCore();

	it.each([
		['saint-simon_memoires_XX__pandoc_xetex_10pt.pdf', 3, [2, 40]],
		['mini-novel.pdf', 2, [1]]
	])('%s in %i parts gives the same text as one reading', async (file, parts, excludePages) => {
		const bytes = fixture(file);
		const whole = await core.extract(bytes, { excludePages });
		const read = await Promise.all(
			Array.from({ length: parts }, (_, part) =>
				core.extractLines(bytes, { part, parts, excludePages })
			)
		);
		expect(read.every((r) => r.ok)).toBe(true);
		// Parts may arrive in any order.
		const assembled = assembleBook((read as LinesPart[]).reverse(), { excludePages });
		expect(whole.ok).toBe(true);
		expect(assembled).toEqual(whole);
	});

	it('reports every page once across the parts', async () => {
		const bytes = fixture('saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
		const seen: number[] = [];
		for (let part = 0; part < 2; part++) {
			await core.extractLines(bytes, { part, parts: 2, onProgress: (page) => seen.push(page) });
		}
		expect(seen).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
	});

	it('says a part is missing rather than answer a short book', async () => {
		const bytes = fixture('mini-novel.pdf');
		const first = await core.extractLines(bytes, { part: 0, parts: 2 });
		expect(assembleBook([first as LinesPart])).toMatchObject({ ok: false, code: 'damaged' });
	});
});

describe('how many workers read a file', () => {
	it('is one for a small file, one per core but one for a long one, at most four', () => {
		expect(extractParts(50_000, 8)).toBe(1);
		expect(extractParts(2_000_000, 2)).toBe(1);
		expect(extractParts(2_000_000, 3)).toBe(2);
		expect(extractParts(2_000_000, 4)).toBe(3);
		expect(extractParts(2_000_000, 16)).toBe(4);
		expect(extractParts(2_000_000, 1)).toBe(1);
		expect(extractParts(2_000_000, 0)).toBe(1);
	});
});
