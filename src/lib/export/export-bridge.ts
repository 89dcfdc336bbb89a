/**
 * The page's door to the export worker (after Squoosh's worker-bridge): it starts the worker
 * on the first export, stops it after 10 s idle, and terminates it when an export's signal
 * aborts. Terminating ends every export in flight with an AbortError; the next call starts a
 * fresh worker.
 */
import * as Comlink from 'comlink';
import type { ExportColumn } from './export-columns.ts';
import type { ExportRequest } from './export-formats.ts';
import type { RowSelection } from './export-scope.ts';
import type { ExportWorkerApi, MadeFile } from './export.worker.ts';

const IDLE_MS = 10_000;

let worker: Worker | undefined;
let remote: Comlink.Remote<ExportWorkerApi> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
/** Rejects each export in flight; a terminated worker never answers them. */
const pending = new Set<(err: unknown) => void>();

function start(): Comlink.Remote<ExportWorkerApi> {
	worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
	remote = Comlink.wrap<ExportWorkerApi>(worker);
	return remote;
}

/** Terminates the worker now; exports in flight reject with an AbortError. */
export function stopExportWorker(): void {
	clearTimeout(idleTimer);
	worker?.terminate();
	worker = undefined;
	remote = undefined;
	for (const reject of [...pending]) reject(abortError());
}

/** The file of a book's selected rows, read and made in the worker. */
export function renderBookInWorker(
	sel: RowSelection,
	req: Omit<ExportRequest, 'rows'>,
	signal?: AbortSignal
): Promise<MadeFile> {
	return call((api) => api.renderBook(sel, req), signal);
}

/** The file of rows the page holds, made in the worker. */
export function renderInWorker(req: ExportRequest, signal?: AbortSignal): Promise<MadeFile> {
	return call((api) => api.render(req), signal);
}

/** A book's selected rows as text cells, header first, read and made in the worker. */
export function bookCellsInWorker(
	sel: RowSelection,
	columns: ExportColumn[],
	headers: Record<ExportColumn, string>,
	signal?: AbortSignal
): Promise<string[][]> {
	return call((api) => api.bookCells(sel, columns, headers), signal);
}

function call<T>(
	work: (api: Comlink.Remote<ExportWorkerApi>) => Promise<T>,
	signal: AbortSignal | undefined
): Promise<T> {
	if (signal?.aborted) return Promise.reject(abortError());
	clearTimeout(idleTimer);
	const api = remote ?? start();
	return new Promise<T>((resolve, reject) => {
		const settle = (done: () => void) => {
			if (!pending.delete(fail)) return;
			signal?.removeEventListener('abort', stopExportWorker);
			if (pending.size === 0 && remote) idleTimer = setTimeout(stopExportWorker, IDLE_MS);
			done();
		};
		const fail = (err: unknown) => settle(() => reject(err));
		pending.add(fail);
		signal?.addEventListener('abort', stopExportWorker, { once: true });
		work(api).then((value) => settle(() => resolve(value)), fail);
	});
}

function abortError(): DOMException {
	return new DOMException('The export was aborted.', 'AbortError');
}
