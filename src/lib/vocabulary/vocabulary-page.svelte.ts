/**
 * The vocabulary tool's state and actions (the route only wires them up): the books picked,
 * the reader's list, the run in the worker, and the exports of its results.
 */
import { db } from '../db/db.ts';
import { downloadBlob } from '../export/save-file.ts';
import { fileStem } from '../export/file-name.ts';
import { FORMAT_FILES, type ExportFormat } from '../export/format-files.ts';
import { listVocabBooks, loadVocabSentences, type VocabBook } from './book-sentences.ts';
import {
	coverageTable,
	iPlusOneTable,
	profileTable,
	type VocabHeaders,
	type VocabResultKind
} from './vocab-export.ts';
import {
	prepareVocabulary,
	renderVocabInWorker,
	runVocabularyInWorker
} from './vocabulary-bridge.ts';
import type { VocabularyAnswer } from './vocabulary-run.ts';
import { parseWordList } from './word-list.ts';

/** Where the run stands, as a code the page words. */
export type VocabStatus = 'idle' | 'loading-lexicon' | 'running' | 'done' | 'failed';

/** The vocabulary page's state; one instance per visit. */
export class VocabularyPage {
	books = $state<VocabBook[]>([]);
	booksLoaded = $state(false);
	selected = $state<string[]>([]);
	listText = $state('');
	status = $state<VocabStatus>('idle');
	answer = $state.raw<VocabularyAnswer | undefined>(undefined);
	/** The books the answer is about, as titles by id. */
	answerTitles = $state.raw<Record<string, string>>({});
	readonly words = $derived(parseWordList(this.listText));
	readonly canRun = $derived(
		this.selected.length > 0 && this.words.length > 0 && this.status !== 'running'
	);
	readonly #lexiconUrl: string;
	#abort: AbortController | undefined;

	constructor(lexiconUrl: string) {
		this.#lexiconUrl = lexiconUrl;
	}

	/** Reads the books and starts loading the lexicon in the worker (the tool is open). */
	async open(preselect?: string): Promise<void> {
		this.books = await listVocabBooks(db);
		this.booksLoaded = true;
		const first = this.books.find((b) => b.id === preselect) ?? this.books[0];
		if (first && this.selected.length === 0) this.selected = [first.id];
		prepareVocabulary(this.#lexiconUrl).catch(() => {
			// Reported by the run that needs it.
		});
	}

	/** Stops a run in flight (the worker is terminated). */
	close(): void {
		this.#abort?.abort();
	}

	/** Puts a .txt or .csv file's text in the list box. */
	async readListFile(file: File): Promise<void> {
		this.listText = await file.text();
	}

	toggleBook(id: string, on: boolean): void {
		this.selected = on
			? this.books.filter((b) => b.id === id || this.selected.includes(b.id)).map((b) => b.id)
			: this.selected.filter((s) => s !== id);
	}

	/** Runs coverage, i+1 and the profiles over the chosen books. */
	async run(): Promise<void> {
		if (!this.canRun) return;
		this.#abort?.abort();
		const abort = (this.#abort = new AbortController());
		this.status = 'loading-lexicon';
		try {
			const sentences = await loadVocabSentences(db, this.selected);
			await prepareVocabulary(this.#lexiconUrl);
			this.status = 'running';
			const answer = await runVocabularyInWorker(
				this.#lexiconUrl,
				{ words: [...this.words], sentences },
				abort.signal
			);
			this.answerTitles = Object.fromEntries(this.books.map((b) => [b.id, b.title]));
			this.answer = answer;
			this.status = 'done';
		} catch (error) {
			if (error instanceof DOMException && error.name === 'AbortError') return;
			console.error(error);
			this.status = 'failed';
		}
	}

	/** A book's title by id, for the results and the exports. */
	titleOf = (book: string): string => this.answerTitles[book] ?? book;

	/** Downloads one result in one format; `headers` are the column names in the reader's language. */
	async export(
		kind: VocabResultKind,
		format: ExportFormat,
		headers: VocabHeaders
	): Promise<string> {
		const answer = this.answer;
		if (!answer) return '';
		const table =
			kind === 'coverage'
				? coverageTable(answer.coverage, headers, this.titleOf)
				: kind === 'i-plus-one'
					? iPlusOneTable(answer.iPlusOne, headers, this.titleOf)
					: profileTable(answer.profiles, headers, this.titleOf);
		const titles = answer.profiles.map((p) => this.titleOf(p.book));
		const title = `${titles.join(' + ')} - ${kind}`;
		const blob = await renderVocabInWorker(format, table, { title, mode: 'mechanical', limit: 0 });
		const name = `${fileStem(title)}${FORMAT_FILES[format].extension}`;
		downloadBlob(blob, name);
		return name;
	}
}
