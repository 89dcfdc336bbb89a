/**
 * The export module worker: turns rows into a file (or a table for Google Sheets) off the
 * page's main thread, so a book of 20,000 sentences exports while the page keeps answering.
 * Only export-bridge.ts starts it.
 */
import * as Comlink from 'comlink';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { exportTable, tableCells, type ExportColumn } from './export-columns.ts';
import { renderExportBlob, type ExportRequest } from './export-formats.ts';

/** What the worker offers the page. */
export interface ExportWorkerApi {
	/** The export's file. */
	render(req: ExportRequest): Promise<Blob>;
	/** The table as text cells, header first, as Google Sheets takes it. */
	cells(
		rows: ResultRow[],
		columns: ExportColumn[],
		headers: Record<ExportColumn, string>
	): string[][];
}

const api: ExportWorkerApi = {
	render: renderExportBlob,
	cells: (rows, columns, headers) => tableCells(exportTable(rows, columns, headers))
};

Comlink.expose(api);
