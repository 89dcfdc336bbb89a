/**
 * The library view's state and actions: every book of this browser, searched and sorted, the
 * storage they use, and delete, run again and retry. The route only wires this up.
 */
import { liveQuery } from 'dexie';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { Job, JobSettings, NovelDb } from '../db/db.ts';
import { readResults } from '../db/result-store.ts';
import { readSentences } from '../db/sentence-store.ts';
import { clampLimit } from '../state/settings.svelte.ts';
import {
	estimateTextBytes,
	summarizeBooks,
	textSignature,
	totalStorage,
	type BookSummary
} from './book-summary.ts';
import { searchBooks, type LibrarySort } from './library-search.ts';

/** What the library asks of the job manager. */
export interface LibraryJobs {
	deleteBooks(jobIds: readonly string[]): Promise<void>;
	rerun(fromJobId: string, settings: RerunSettings): Promise<string>;
	retryFailed(jobId: string): Promise<void>;
	resumeAll(): Promise<void>;
}

/** The settings a run again may change. */
export type RerunSettings = Pick<JobSettings, 'limit' | 'mode' | 'tier'>;

/** What the browser says about this site's storage. */
export interface StorageState {
	usage?: number;
	quota?: number;
	persisted?: boolean;
}

/** What just happened, for the status line; the page words it. */
export type LibraryNotice =
	| { kind: 'deleted'; count: number; title: string }
	| { kind: 'rerun'; title: string; limit: number }
	| { kind: 'failed' };

/** The library view's state, one instance per page. */
export class Library {
	// Raw: the list is replaced whole at each database change, never changed in place.
	#jobs = $state.raw<Job[]>([]);
	#pdfSizes = new SvelteMap<string, number>();
	#textBytes = new SvelteMap<string, number>();
	// What each job's text count was made from; not shown, so not reactive.
	#signatures: Record<string, string> = {};
	#loaded = $state(false);
	#storage = $state<StorageState>({});
	#selected = new SvelteSet<string>();
	#pendingDelete = $state<string[] | undefined>();
	#rerunOf = $state<string | undefined>();
	#notice = $state<LibraryNotice | undefined>();
	#busy = $state(false);

	/** The search box's text. */
	query = $state('');
	/** The order of the list. */
	sort = $state<LibrarySort>('date');
	/** The run-again form's values. */
	draft = $state<RerunSettings>({ limit: 8, mode: 'mechanical' });

	#all = $derived(summarizeBooks(this.#jobs, this.#pdfSizes, this.#textBytes));

	constructor(
		private readonly db: NovelDb,
		private readonly jobs: LibraryJobs,
		private readonly locale: () => string
	) {}

	/** Every entry, whatever the search. */
	get all(): BookSummary[] {
		return this.#all;
	}
	/** The entries the search finds, in the chosen order. */
	get shown(): BookSummary[] {
		return searchBooks(this.#all, this.query, this.sort, this.locale());
	}
	/** False until the first read of the database answered. */
	get loaded() {
		return this.#loaded;
	}
	/** About how much the listed books take (PDFs once each, plus their text). */
	get booksBytes() {
		return totalStorage(this.#all);
	}
	get storage() {
		return this.#storage;
	}
	get notice() {
		return this.#notice;
	}
	get busy() {
		return this.#busy;
	}
	/** The ids checked for a bulk delete that are still finished books. */
	get selected(): string[] {
		return this.#all.filter((b) => b.finished && this.#selected.has(b.job.id)).map((b) => b.job.id);
	}
	/** The books the confirmation dialog asks about, or undefined when it is closed. */
	get pendingDelete(): BookSummary[] | undefined {
		const ids = this.#pendingDelete;
		return ids && this.#all.filter((b) => ids.includes(b.job.id));
	}
	/** The book whose run-again form is open. */
	get rerunOf(): BookSummary | undefined {
		return this.#all.find((b) => b.job.id === this.#rerunOf);
	}

	/** Follows the database and the browser's storage; returns the function that stops it. */
	connect(): () => void {
		const sub = liveQuery(async () => {
			const [jobs, files] = await Promise.all([
				this.db.jobs.toArray(),
				this.db.files.toArray().then((all) => all.map((f) => [f.hash, f.size] as const))
			]);
			return { jobs, files };
		}).subscribe({
			next: ({ jobs, files }) => {
				this.#jobs = jobs;
				// Forget the counts of deleted books, so a book's storage leaves the total at once.
				const ids = jobs.map((j) => j.id);
				for (const id of [...this.#textBytes.keys()]) {
					if (!ids.includes(id)) this.#textBytes.delete(id);
				}
				for (const hash of [...this.#pdfSizes.keys()]) {
					if (!files.some(([h]) => h === hash)) this.#pdfSizes.delete(hash);
				}
				for (const [hash, size] of files) {
					if (this.#pdfSizes.get(hash) !== size) this.#pdfSizes.set(hash, size);
				}
				this.#loaded = true;
				void this.#countText(jobs);
			},
			error: (e: unknown) => console.error('IndexedDB query failed', e)
		});
		void this.refreshStorage();
		// A reload on this page must not leave unfinished books waiting.
		void this.jobs.resumeAll();
		return () => sub.unsubscribe();
	}

	/** Reads the browser's storage estimate and whether it granted persistent storage. */
	async refreshStorage(): Promise<void> {
		const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
		if (!storage?.estimate) return;
		const [estimate, persisted] = await Promise.all([
			storage.estimate(),
			storage.persisted?.().catch(() => false) ?? Promise.resolve(false)
		]);
		this.#storage = { usage: estimate.usage, quota: estimate.quota, persisted };
	}

	/** Checks or unchecks a finished book for a bulk delete. */
	toggle(jobId: string, on: boolean) {
		if (on) this.#selected.add(jobId);
		else this.#selected.delete(jobId);
	}

	/** Checks every finished book the search shows, or none. */
	toggleAllShown(on: boolean) {
		this.#selected.clear();
		if (on) for (const b of this.shown) if (b.finished) this.#selected.add(b.job.id);
	}

	/** Opens the confirmation for deleting these books. */
	askDelete(jobIds: string[]) {
		if (jobIds.length) this.#pendingDelete = jobIds;
	}

	/** Closes the confirmation without deleting. */
	cancelDelete() {
		this.#pendingDelete = undefined;
	}

	/** Deletes the books the confirmation asked about. */
	async confirmDelete(): Promise<void> {
		const books = this.pendingDelete ?? [];
		this.#pendingDelete = undefined;
		if (books.length === 0) return;
		await this.#act(async () => {
			await this.jobs.deleteBooks(books.map((b) => b.job.id));
			for (const b of books) this.#selected.delete(b.job.id);
			this.#notice = { kind: 'deleted', count: books.length, title: books[0].title };
			await this.refreshStorage();
		});
	}

	/** Opens the run-again form of a book, filled with its own settings. */
	openRerun(jobId: string) {
		const book = this.#all.find((b) => b.job.id === jobId);
		if (!book) return;
		const { limit, mode, tier } = book.job.settings;
		this.draft = { limit, mode, ...(tier && { tier }) };
		this.#rerunOf = jobId;
	}

	/** Closes the run-again form. */
	closeRerun() {
		this.#rerunOf = undefined;
	}

	/** Starts a new entry from the open form's book with the form's settings. */
	async startRerun(): Promise<string | undefined> {
		const book = this.rerunOf;
		if (!book) return undefined;
		const settings: RerunSettings = {
			limit: clampLimit(this.draft.limit),
			mode: this.draft.mode,
			...(this.draft.mode === 'ai' && this.draft.tier && { tier: this.draft.tier })
		};
		this.#rerunOf = undefined;
		let id: string | undefined;
		await this.#act(async () => {
			id = await this.jobs.rerun(book.job.id, settings);
			this.#notice = { kind: 'rerun', title: book.title, limit: settings.limit };
		});
		return id;
	}

	/** Sends a book's failed chunks again. */
	async retry(jobId: string): Promise<void> {
		// The retry runs until the book ends: the list follows it live, so do not wait here.
		void this.#act(() => this.jobs.retryFailed(jobId));
	}

	async #act(action: () => Promise<void>): Promise<void> {
		this.#busy = true;
		this.#notice = undefined;
		try {
			await action();
		} catch (err) {
			console.error('Library action failed', err);
			this.#notice = { kind: 'failed' };
		} finally {
			this.#busy = false;
		}
	}

	/** Counts the text of the books whose rows changed since they were last counted. */
	async #countText(jobs: readonly Job[]): Promise<void> {
		const stale = jobs.filter((j) => this.#signatures[j.id] !== textSignature(j));
		if (stale.length === 0) return;
		for (const job of stale) {
			this.#signatures[job.id] = textSignature(job);
			const [sentences, results] = await Promise.all([
				readSentences(this.db, job.id),
				readResults(this.db, job.id)
			]);
			this.#textBytes.set(job.id, estimateTextBytes(sentences, results));
		}
	}
}
