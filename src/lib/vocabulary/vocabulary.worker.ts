/**
 * The vocabulary worker: the lexicon and every count run here, off the page. Only
 * vocabulary-bridge.ts starts it; the page never imports this file.
 */
import * as Comlink from 'comlink';
import type { ExportBook } from '../export/export-book.ts';
import type { ExportFormat } from '../export/format-files.ts';
import { fetchLexicon } from './lexicon-fetch.ts';
import { renderVocabBlob, type VocabTable } from './vocab-export.ts';
import { runVocabulary, type VocabularyAnswer, type VocabularyRequest } from './vocabulary-run.ts';

/** What the worker offers the page. */
export interface VocabularyWorkerApi {
	/** Loads the lexicon ahead of the first run (the tool calls it when it opens). */
	prepare(lexiconUrl: string): Promise<{ forms: number; ms: number }>;
	run(lexiconUrl: string, request: VocabularyRequest): Promise<VocabularyAnswer>;
	/** A result table as a file; made here so the workbook writer never loads in the page. */
	render(format: ExportFormat, table: VocabTable, book: ExportBook): Promise<Blob>;
}

const api: VocabularyWorkerApi = {
	async prepare(lexiconUrl) {
		const started = performance.now();
		const lexicon = await fetchLexicon(lexiconUrl);
		return { forms: lexicon.formCount, ms: performance.now() - started };
	},
	async run(lexiconUrl, request) {
		return runVocabulary(await fetchLexicon(lexiconUrl), request);
	},
	render(format, table, book) {
		return renderVocabBlob(format, table, book);
	}
};

Comlink.expose(api);
