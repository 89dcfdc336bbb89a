import { describe, expect, it } from 'vitest';
import { bookFromJob } from '../../src/lib/export/export-book.ts';
import { formatFromFileName, renderExport } from '../../src/lib/export/export-formats.ts';
import { pageSpan, rowsInPages } from '../../src/lib/export/export-scope.ts';
import { exportFileName, fileStem } from '../../src/lib/export/file-name.ts';
import type { Job } from '../../src/lib/db/db.ts';
import { BOOK, trickyRows } from './export-fixtures.ts';

describe('export scope', () => {
	it('keeps the rows of a page range, both ends included, in either order', () => {
		const rows = trickyRows();
		expect(rowsInPages(rows, 4, 5).map((r) => r.index)).toEqual([2, 3, 4, 5, 6, 7]);
		expect(rowsInPages(rows, 5, 4)).toEqual(rowsInPages(rows, 4, 5));
		expect(rowsInPages(rows, 10, 12)).toEqual([]);
	});

	it('finds the first and last page of the rows', () => {
		expect(pageSpan(trickyRows())).toEqual({ first: 3, last: 6 });
		expect(pageSpan([])).toBeUndefined();
	});
});

describe('file names', () => {
	it('comes from the title, with the characters file systems refuse taken out', () => {
		expect(exportFileName('Les Misérables : tome 1', '.xlsx')).toBe('Les Misérables tome 1.xlsx');
		expect(exportFileName('a/b\\c?*<>|"d', '.csv')).toBe('a b c d.csv');
		expect(exportFileName('...Madame Bovary. ', '.txt')).toBe('Madame Bovary.txt');
		expect(exportFileName('Germinal', '.anki.txt', { from: 40, to: 12 })).toBe(
			'Germinal p12-40.anki.txt'
		);
	});

	it('never gives an empty name or a Windows device name', () => {
		expect(fileStem('???')).toBe('book');
		expect(fileStem('CON')).toBe('book CON');
		expect(fileStem('x'.repeat(300))).toHaveLength(120);
	});
});

describe('formats by file name', () => {
	it.each([
		['book.csv', 'csv'],
		['book.XLSX', 'xlsx'],
		['book.tsv', 'tsv'],
		['book.anki.txt', 'anki'],
		['book.txt', 'txt'],
		['book.json', 'json'],
		['book.pdf', undefined],
		['book', undefined]
	])('%s is %s', (name, format) => {
		expect(formatFromFileName(name)).toBe(format);
	});

	it('renders every text format as text and XLSX as a Blob', async () => {
		for (const format of ['csv', 'tsv', 'anki', 'txt', 'json'] as const) {
			const out = await renderExport({
				format,
				rows: trickyRows(),
				columns: ['output'],
				book: BOOK,
				exportedAt: new Date()
			});
			expect(typeof out, format).toBe('string');
		}
	});
});

describe('the book of a job', () => {
	it('takes the PDF title, else the file name, and the settings it ran with', () => {
		const job = {
			id: 'j',
			fileHash: 'h',
			name: 'germinal',
			settings: { limit: 10, mode: 'ai', tier: 'lite' },
			status: 'completed',
			progressPercent: 100,
			currentStep: '',
			pageCount: 573,
			totalChunks: 1,
			processedChunks: 1,
			failedChunks: 0,
			createdAt: 0
		} satisfies Job;
		expect(bookFromJob(job)).toMatchObject({
			title: 'germinal',
			file: 'germinal.pdf',
			mode: 'ai',
			limit: 10,
			tier: 'lite',
			pageCount: 573
		});
		expect(bookFromJob({ ...job, title: 'Germinal', author: 'Émile Zola' })).toMatchObject({
			title: 'Germinal',
			author: 'Émile Zola'
		});
	});
});
