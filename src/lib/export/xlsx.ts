/**
 * The XLSX workbook: the sentences on the first sheet, the book's details on the second.
 * Written by write-excel-file (imported here only, and this module only by a dynamic import,
 * so the library never weighs on the page's first load).
 */
import type { Cell, Row, SheetData } from 'write-excel-file/universal';
import {
	bookDetails,
	DEFAULT_DETAIL_LABELS,
	type DetailKey,
	type ExportBook
} from './export-book.ts';
import type { ExportTable } from './export-columns.ts';

/** What the workbook's sheets and labels are called, in the reader's language. */
export interface XlsxLabels {
	sentencesSheet: string;
	bookSheet: string;
	details: Record<DetailKey, string>;
}

export const DEFAULT_XLSX_LABELS: XlsxLabels = {
	sentencesSheet: 'Sentences',
	bookSheet: 'Book',
	details: DEFAULT_DETAIL_LABELS
};

/** Widest a column gets, in characters; longer text wraps inside it. */
const MAX_WIDTH = 70;

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ]. */
function sheetName(name: string): string {
	return name.replace(/[:\\/?*[\]]/gu, ' ').slice(0, 31) || 'Sheet';
}

/** Each column's width: its longest cell, header included, within MAX_WIDTH. */
function columnWidths(table: ExportTable): number[] {
	const widths = table.header.map((h) => h.length);
	for (const row of table.body) {
		for (let c = 0; c < row.length; c++) {
			const v = row[c];
			const n = typeof v === 'number' ? String(v).length : v.length;
			if (n > widths[c]) widths[c] = n;
		}
	}
	return widths.map((w) => Math.min(MAX_WIDTH, w + 2));
}

/**
 * The workbook as a Blob. Every text is written with `type: String`, so a sentence that starts
 * with "=" or "-" is a string cell: Excel and Sheets show it, and never evaluate it.
 */
export async function toXlsx(
	table: ExportTable,
	book: ExportBook,
	exportedAt: Date,
	labels: XlsxLabels = DEFAULT_XLSX_LABELS
): Promise<Blob> {
	const { default: writeXlsxFile } = await import('write-excel-file/universal');
	const widths = columnWidths(table);
	const wraps = widths.map((w) => w >= MAX_WIDTH);
	const header: Row = table.header.map((h) => ({ value: h, type: String, fontWeight: 'bold' }));
	const sentences: SheetData = [header];
	for (const row of table.body) {
		sentences.push(
			row.map((v, c): Cell =>
				typeof v === 'number'
					? { value: v, type: Number }
					: { value: v, type: String, wrap: wraps[c], alignVertical: 'top' }
			)
		);
	}
	const details: SheetData = bookDetails(book, table.body.length, exportedAt).map(
		({ key, value }) => [
			{ value: labels.details[key], type: String, fontWeight: 'bold' },
			value instanceof Date
				? { value, type: Date, format: 'yyyy-mm-dd hh:mm', align: 'left' }
				: typeof value === 'number'
					? { value, type: Number, align: 'left' }
					: { value, type: String }
		]
	);
	const detailWidth = Math.min(
		MAX_WIDTH,
		2 + Math.max(...details.map((r) => String((r[1] as { value: unknown }).value).length), 16)
	);
	return writeXlsxFile([
		{
			data: sentences,
			sheet: sheetName(labels.sentencesSheet),
			columns: widths.map((width) => ({ width })),
			stickyRowsCount: 1
		},
		{
			data: details,
			sheet: sheetName(labels.bookSheet),
			columns: [
				{ width: 2 + Math.max(...Object.values(labels.details).map((l) => l.length)) },
				{ width: detailWidth }
			]
		}
	]).toBlob();
}
