/**
 * The export formats, one entry point for the page's worker and the command line: a request
 * (rows, columns, book) in, the file's text or bytes out.
 */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { toAnki } from './anki.ts';
import { toCsv } from './csv.ts';
import type { ExportBook } from './export-book.ts';
import { DEFAULT_HEADERS, exportTable, type ExportColumn } from './export-columns.ts';
import { toJson } from './json.ts';
import { toReadingText } from './reading-text.ts';
import { toTsv } from './tsv.ts';
import { FORMAT_FILES, type ExportFormat } from './format-files.ts';
import type { XlsxLabels } from './xlsx.ts';

export { EXPORT_FORMATS, FORMAT_FILES, TABLE_FORMATS, formatFromFileName } from './format-files.ts';
export type { ExportFormat } from './format-files.ts';

/** One export to make. Everything in it can cross to a worker (structured clone). */
export interface ExportRequest {
	format: ExportFormat;
	rows: ResultRow[];
	columns: ExportColumn[];
	book: ExportBook;
	/** When the export was made; now when absent. */
	exportedAt?: Date;
	/** Header names for the table formats, in the reader's language. */
	headers?: Record<ExportColumn, string>;
	xlsxLabels?: XlsxLabels;
}

/** The file's content: text for the text formats, a Blob for XLSX. */
export async function renderExport(req: ExportRequest): Promise<string | Blob> {
	const table = () => exportTable(req.rows, req.columns, req.headers ?? DEFAULT_HEADERS);
	const exportedAt = req.exportedAt ?? new Date();
	switch (req.format) {
		case 'csv':
			return toCsv(table());
		case 'tsv':
			return toTsv(table());
		case 'anki':
			return toAnki(req.rows, req.book);
		case 'txt':
			return toReadingText(req.rows, req.book);
		case 'json':
			return toJson(req.book, req.rows, exportedAt);
		case 'xlsx': {
			// Loaded when someone asks for a workbook, not before.
			const { toXlsx } = await import('./xlsx.ts');
			return toXlsx(table(), req.book, exportedAt, req.xlsxLabels);
		}
	}
}

/** The file's content as a Blob of its format's media type. */
export async function renderExportBlob(req: ExportRequest): Promise<Blob> {
	const content = await renderExport(req);
	return typeof content === 'string'
		? new Blob([content], { type: FORMAT_FILES[req.format].mime })
		: content;
}
