/**
 * The export choices for one book (format, columns, scope) and the actions on them: download
 * a file, copy a table for Google Sheets, or hand the table to the Sheets button. The export
 * worker reads the rows and writes the file; this class says which rows, and reports what
 * happened as codes for the component to word.
 */
import type { Job } from '../db/db.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { bookCellsInWorker, renderBookInWorker, renderInWorker } from './export-bridge.ts';
import { bookFromJob } from './export-book.ts';
import { EXPORT_COLUMNS, type ExportColumn } from './export-columns.ts';
import type { ExportRequest } from './export-formats.ts';
import type { MadeFile } from './export.worker.ts';
import { FORMAT_FILES, TABLE_FORMATS, type ExportFormat } from './format-files.ts';
import { selectRows, type RowSelection } from './export-scope.ts';
import { exportFileName } from './file-name.ts';
import { copyText, downloadBlob } from './save-file.ts';
import type { XlsxLabels } from './xlsx.ts';

/** The words an export puts in its files, in the reader's language. */
export interface ExportWords {
	headers: Record<ExportColumn, string>;
	xlsx: XlsxLabels;
}

/** Where the panel stands, for the component to word. */
export type ExportStatus =
	| { kind: 'idle' }
	| { kind: 'working' }
	| { kind: 'saved'; file: string }
	| { kind: 'copied'; rows: number }
	| { kind: 'nothing' }
	| { kind: 'no-columns' }
	| { kind: 'pages-invalid'; first: number; last: number }
	| { kind: 'clipboard-refused' }
	| { kind: 'failed'; error: unknown };

export type ScopeKind = 'book' | 'filtered' | 'pages';

/** What the panel needs from its page. */
export interface ExportSource {
	job: () => Job;
	allRows: () => Promise<ResultRow[]>;
	filteredRows: () => ResultRow[];
	words: () => ExportWords;
}

/** One book's export panel. */
export class ExportPanelState {
	format = $state<ExportFormat>('xlsx');
	columns = $state<ExportColumn[]>([...EXPORT_COLUMNS]);
	scope = $state<ScopeKind>('book');
	pageFrom = $state(1);
	pageTo = $state(1);
	#status = $state<ExportStatus>({ kind: 'idle' });
	#controller: AbortController | undefined;
	#source: ExportSource;

	constructor(source: ExportSource) {
		this.#source = source;
		this.pageTo = Math.max(1, source.job().pageCount ?? 1);
	}

	get status(): ExportStatus {
		return this.#status;
	}

	get busy(): boolean {
		return this.#status.kind === 'working';
	}

	/** The last page a range may end on. */
	get lastPage(): number {
		return Math.max(1, this.#source.job().pageCount ?? this.pageTo);
	}

	/** Ticks or unticks a column. */
	toggleColumn(column: ExportColumn, on: boolean): void {
		const rest = this.columns.filter((c) => c !== column);
		this.columns = on ? EXPORT_COLUMNS.filter((c) => c === column || rest.includes(c)) : rest;
	}

	/** Stops the export in flight, if any. */
	cancel(): void {
		this.#controller?.abort();
	}

	/** Makes the chosen format's file and saves it as a download. */
	download(): Promise<void> {
		const format = this.format;
		return this.#run(TABLE_FORMATS.includes(format), async (sel, signal) => {
			const words = this.#source.words();
			const made = await this.#make(
				sel,
				{
					format,
					columns: [...this.columns],
					book: bookFromJob(this.#source.job()),
					headers: words.headers,
					xlsxLabels: words.xlsx
				},
				signal
			);
			if (!made.blob) return { kind: 'nothing' };
			const file = this.fileName(format);
			downloadBlob(made.blob, file);
			return { kind: 'saved', file };
		});
	}

	/** Copies the chosen rows and columns as tab-separated text, for a paste into Google Sheets. */
	copyForSheets(): Promise<void> {
		return this.#run(true, async (sel, signal) => {
			const made = this.#make(
				sel,
				{
					format: 'tsv',
					columns: [...this.columns],
					book: bookFromJob(this.#source.job()),
					headers: this.#source.words().headers
				},
				signal
			);
			const text = made.then((m) => m.blob?.text() ?? '');
			try {
				await copyText(text);
			} catch (err) {
				if ((err as DOMException)?.name === 'NotAllowedError') return { kind: 'clipboard-refused' };
				throw err;
			}
			const { outputs } = await made;
			return outputs === 0 ? { kind: 'nothing' } : { kind: 'copied', rows: outputs };
		});
	}

	/** The chosen rows and columns as text cells, header first, for the Google Sheets button. */
	async sheetsTable(): Promise<string[][]> {
		const sel = this.#selection(true);
		if (!sel) throw new Error(this.#status.kind);
		return bookCellsInWorker(sel, [...this.columns], this.#source.words().headers);
	}

	/** The download's name: the book's title, the page range if chosen, the format's ending. */
	fileName(format: ExportFormat): string {
		const job = this.#source.job();
		const pages = this.scope === 'pages' ? { from: this.pageFrom, to: this.pageTo } : undefined;
		return exportFileName(job.title?.trim() || job.name, FORMAT_FILES[format].extension, pages);
	}

	/** The rows the scope chooses, or undefined with the reason in the status. */
	#selection(table: boolean): RowSelection | undefined {
		if (table && this.columns.length === 0) {
			this.#status = { kind: 'no-columns' };
			return undefined;
		}
		const jobId = this.#source.job().id;
		if (this.scope === 'filtered') {
			return { jobId, indexes: this.#source.filteredRows().map((r) => r.index) };
		}
		if (this.scope === 'pages') {
			const last = this.lastPage;
			const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= last;
			if (!ok(this.pageFrom) || !ok(this.pageTo)) {
				this.#status = { kind: 'pages-invalid', first: 1, last };
				return undefined;
			}
			return { jobId, pages: { from: this.pageFrom, to: this.pageTo } };
		}
		return { jobId };
	}

	/**
	 * The file, made by the worker from IndexedDB. Should the worker be unable to read the
	 * database, the page reads the rows (allRows) and hands them over instead.
	 */
	async #make(
		sel: RowSelection,
		req: Omit<ExportRequest, 'rows'>,
		signal: AbortSignal
	): Promise<MadeFile> {
		try {
			return await renderBookInWorker(sel, req, signal);
		} catch (err) {
			if ((err as DOMException)?.name === 'AbortError') throw err;
			const rows = selectRows(await this.#source.allRows(), sel);
			return renderInWorker({ ...req, rows }, signal);
		}
	}

	async #run(
		table: boolean,
		work: (sel: RowSelection, signal: AbortSignal) => Promise<ExportStatus>
	): Promise<void> {
		if (this.busy) return;
		const sel = this.#selection(table);
		if (!sel) return;
		this.#status = { kind: 'working' };
		const controller = new AbortController();
		this.#controller = controller;
		try {
			this.#status = await work(sel, controller.signal);
		} catch (error) {
			this.#status =
				(error as DOMException)?.name === 'AbortError'
					? { kind: 'idle' }
					: { kind: 'failed', error };
		} finally {
			if (this.#controller === controller) this.#controller = undefined;
		}
	}
}
