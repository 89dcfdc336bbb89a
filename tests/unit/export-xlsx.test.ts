import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { exportTable } from '../../src/lib/export/export-columns.ts';
import { renderExport } from '../../src/lib/export/export-formats.ts';
import { toXlsx } from '../../src/lib/export/xlsx.ts';
import { BOOK, trickyRows } from './export-fixtures.ts';

const EXPORTED = new Date('2026-12-02T10:30:00Z');

async function workbook(blob: Blob) {
	return readXlsxFile(Buffer.from(await blob.arrayBuffer()));
}

describe('XLSX', () => {
	it('reads back through read-excel-file as the same rows, every text exactly as written', async () => {
		const table = exportTable(trickyRows());
		const [sentences] = await workbook(await toXlsx(table, BOOK, EXPORTED));
		// A source shown once leaves the next rows' source cell empty, which a reader gives as null.
		const expected = table.body.map((row) => row.map((v) => (v === '' ? null : v)));
		expect(sentences.data).toEqual([table.header, ...expected]);
	});

	it('keeps = and - at the start of a sentence as text, never a formula', async () => {
		const table = exportTable(trickyRows(), ['output']);
		const [sentences] = await workbook(await toXlsx(table, BOOK, EXPORTED));
		const outputs = sentences.data.map((r) => r[0]);
		// A formula cell would read back as its computed value (or nothing), not as its text.
		expect(outputs).toContain('=HYPERLINK("http://x.example","clic")');
		expect(outputs).toContain('- Oui, dit-il.');
		expect(outputs).toContain('@cmd et -2+3.');
		expect(outputs).toContain('Elle cria "Non !"\tpuis, à voix basse,\nelle pleura.');
	});

	it('has a second sheet with the book: title, pages, settings and the date', async () => {
		const table = exportTable(trickyRows());
		const sheets = await workbook(await toXlsx(table, BOOK, EXPORTED));
		expect(sheets.map((s) => s.sheet)).toEqual(['Sentences', 'Book']);
		const details = Object.fromEntries(sheets[1].data.map(([k, v]) => [k, v]));
		expect(details).toMatchObject({
			Title: 'Les Misérables : tome 1',
			Author: 'Victor Hugo',
			Pages: 6,
			'Sentences exported': table.body.length,
			Mode: 'mechanical',
			'Word limit': 8,
			'Pages skipped': '1'
		});
		expect(details.Exported).toEqual(EXPORTED);
	});

	it('names its sheets and details in the reader language', async () => {
		const blob = await renderExport({
			format: 'xlsx',
			rows: trickyRows(),
			columns: ['output'],
			book: BOOK,
			exportedAt: EXPORTED,
			xlsxLabels: {
				sentencesSheet: 'Phrases',
				bookSheet: 'Livre',
				details: {
					title: 'Titre',
					author: 'Auteur',
					file: 'Fichier',
					pages: 'Pages',
					sentences: 'Phrases exportées',
					mode: 'Mode',
					limit: 'Limite de mots',
					tier: 'Modèle',
					skipped: 'Pages ignorées',
					exported: 'Exporté le'
				}
			}
		});
		expect(blob).toBeInstanceOf(Blob);
		const sheets = await workbook(blob as Blob);
		expect(sheets.map((s) => s.sheet)).toEqual(['Phrases', 'Livre']);
		expect(sheets[1].data[0]).toEqual(['Titre', 'Les Misérables : tome 1']);
	});
});
