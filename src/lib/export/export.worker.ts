/**
 * The export module worker: reads a book's rows from IndexedDB and turns them into a file (or a
 * table for Google Sheets) off the page's main thread. Reading 20,000 rows is itself a long
 * task on the thread that reads them (IndexedDB hands them over in one piece), so the page
 * sends only the book's id and the choice of rows. Only export-bridge.ts starts this worker.
 */
import * as Comlink from 'comlink';
import { db } from '../db/db.ts';
import { loadAllRows } from '../db/result-queries.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { exportTable, tableCells, type ExportColumn } from './export-columns.ts';
import { renderExportBlob, type ExportRequest } from './export-formats.ts';
import { selectRows, type RowSelection } from './export-scope.ts';
import { TABLE_FORMATS } from './format-files.ts';

/** A made file, or none when the selection had nothing to put in it. */
export interface MadeFile {
	blob?: Blob;
	rows: number;
	outputs: number;
}

/** What the worker offers the page. */
export interface ExportWorkerApi {
	/** The file of the selected rows, read from IndexedDB here. */
	renderBook(sel: RowSelection, req: Omit<ExportRequest, 'rows'>): Promise<MadeFile>;
	/** The file of rows the page already holds. */
	render(req: ExportRequest): Promise<MadeFile>;
	/** The selected rows as text cells, header first, as Google Sheets takes them. */
	bookCells(
		sel: RowSelection,
		columns: ExportColumn[],
		headers: Record<ExportColumn, string>
	): Promise<string[][]>;
}

async function selectedRows(sel: RowSelection): Promise<ResultRow[]> {
	return selectRows(await loadAllRows(db, sel.jobId), sel);
}

async function make(req: ExportRequest): Promise<MadeFile> {
	const outputs = req.rows.reduce((n, r) => n + r.output.length, 0);
	// A table or a deck needs outputs; the reading text and the JSON also give pending sources.
	const needsOutput = TABLE_FORMATS.includes(req.format) || req.format === 'anki';
	if (req.rows.length === 0 || (needsOutput && outputs === 0)) {
		return { rows: req.rows.length, outputs };
	}
	return { blob: await renderExportBlob(req), rows: req.rows.length, outputs };
}

const api: ExportWorkerApi = {
	renderBook: async (sel, req) => make({ ...req, rows: await selectedRows(sel) }),
	render: make,
	bookCells: async (sel, columns, headers) =>
		tableCells(exportTable(await selectedRows(sel), columns, headers))
};

Comlink.expose(api);
