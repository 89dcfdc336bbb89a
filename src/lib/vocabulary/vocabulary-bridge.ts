/**
 * The page's door to the vocabulary worker: it starts the worker on the first call, keeps it
 * (and its parsed lexicon) for two idle minutes, and terminates it when a call's AbortSignal
 * fires, after Squoosh's worker bridge and pdf-bridge.ts.
 */
import * as Comlink from 'comlink';
import type { ExportBook } from '../export/export-book.ts';
import type { ExportFormat } from '../export/format-files.ts';
import type { VocabTable } from './vocab-export.ts';
import type { VocabularyWorkerApi } from './vocabulary.worker.ts';
import type { VocabularyAnswer, VocabularyRequest } from './vocabulary-run.ts';

/** Parsing the lexicon takes a moment: keep a worker that may be asked again soon. */
const IDLE_MS = 120_000;

let worker: Worker | undefined;
let remote: Comlink.Remote<VocabularyWorkerApi> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function api(): Comlink.Remote<VocabularyWorkerApi> {
	clearTimeout(idleTimer);
	if (!remote) {
		worker = new Worker(new URL('./vocabulary.worker.ts', import.meta.url), { type: 'module' });
		remote = Comlink.wrap<VocabularyWorkerApi>(worker);
	}
	return remote;
}

/** Terminates the worker now. */
export function stopVocabularyWorker(): void {
	clearTimeout(idleTimer);
	worker?.terminate();
	worker = undefined;
	remote = undefined;
}

async function bounded<T>(call: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return call.finally(idleLater);
	if (signal.aborted) throw abortError();
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => {
			stopVocabularyWorker();
			reject(abortError());
		};
		signal.addEventListener('abort', onAbort, { once: true });
		call.then(resolve, reject).finally(() => {
			signal.removeEventListener('abort', onAbort);
			idleLater();
		});
	});
}

function idleLater(): void {
	clearTimeout(idleTimer);
	if (remote) idleTimer = setTimeout(stopVocabularyWorker, IDLE_MS);
}

function abortError(): DOMException {
	return new DOMException('The vocabulary run was aborted.', 'AbortError');
}

/** Loads the lexicon in the worker now, so the first run does not wait for it. */
export function prepareVocabulary(lexiconUrl: string): Promise<{ forms: number; ms: number }> {
	return bounded(api().prepare(lexiconUrl));
}

/** Runs coverage, i+1 and the profiles in the worker. */
export function runVocabularyInWorker(
	lexiconUrl: string,
	request: VocabularyRequest,
	signal?: AbortSignal
): Promise<VocabularyAnswer> {
	return bounded(api().run(lexiconUrl, request), signal);
}

/** A vocabulary result table as a file of `format`, made in the worker. */
export function renderVocabInWorker(
	format: ExportFormat,
	table: VocabTable,
	book: ExportBook
): Promise<Blob> {
	return bounded(api().render(format, table, book));
}
