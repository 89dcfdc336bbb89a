import { liveQuery } from 'dexie';
import type { Job, NovelDb } from '../db/db.ts';
import { revertResult, saveOutput } from '../db/result-edits.ts';
import { doneChunkIndexes, loadAllRows, loadBook, resultsOfChunks } from '../db/result-queries.ts';
import { countSentences } from '../db/sentence-store.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { filterRows, firstRowFromPage, type RowFilter } from './row-filters.ts';
import {
	toWorkspaceRow,
	withResult,
	type ResultFields,
	type WorkspaceRow
} from './workspace-row.ts';

/** What the last action told the reader, as a code the page words. */
export type WorkspaceNotice =
	| { kind: 'saved' | 'reverted' }
	| { kind: 'save_failed'; error: string }
	| { kind: 'no_row_on_page'; page: number };

/**
 * One book's results workspace: its rows, what the reader searches and filters, which row
 * has the focus or the editor, and the edits. The rows are read once; while the job runs,
 * only the results of chunks that finish afterwards are read, so a 20,000-row book never
 * re-reads itself per chunk.
 */
export class BookWorkspace {
	readonly jobId: string;
	readonly #db: NovelDb;

	/** undefined while loading, null when this browser has no such book. */
	#job = $state.raw<Job | null | undefined>(undefined);
	#rows = $state.raw<readonly WorkspaceRow[]>([]);
	#loaded = $state(false);
	// Bookkeeping, not view state: both change only together with #rows, which is reactive.
	/** Sentence index → position in #rows. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#positions = new Map<number, number>();
	/** Chunks whose results #rows already holds. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#doneChunks = new Set<number>();
	#loadedCount = -1;
	/** Loads and patches run one after another, so a late read never undoes a newer one. */
	#queue: Promise<void> = Promise.resolve();

	/** The search box's text. */
	query = $state('');
	/** The kinds of row to show; none shows all. */
	filters = $state.raw<RowFilter[]>([]);
	pageFrom = $state<number | undefined>();
	pageTo = $state<number | undefined>();
	/** The sentence index of the row with the keyboard focus. */
	focusIndex = $state<number | undefined>();
	/** The sentence index of the row being edited. */
	editing = $state<number | undefined>();
	/** The PDF page shown in the preview dialog. */
	preview = $state<number | undefined>();
	notice = $state<WorkspaceNotice | undefined>();

	#shown = $derived(
		filterRows(
			this.#rows,
			{ text: this.query, filters: this.filters, pageFrom: this.pageFrom, pageTo: this.pageTo },
			this.#job?.settings.limit ?? Infinity
		)
	);

	/** The focused row if it is shown, else the first one shown: the row Tab lands on. */
	#activeIndex = $derived.by(() => {
		const shown = this.#shown;
		const f = this.focusIndex;
		if (f !== undefined && this.#positions.has(f) && shown.some((r) => r.index === f)) return f;
		return shown[0]?.index;
	});

	constructor(db: NovelDb, jobId: string) {
		this.#db = db;
		this.jobId = jobId;
	}

	get job() {
		return this.#job;
	}
	/** Whether the first read of the rows is done. */
	get loaded() {
		return this.#loaded;
	}
	/** Every row of the book, in order. */
	get rows() {
		return this.#rows;
	}
	/** The rows the search, the filters and the page range leave. */
	get shown() {
		return this.#shown;
	}
	get activeIndex() {
		return this.#activeIndex;
	}
	/** The book's word limit. */
	get limit() {
		return this.#job?.settings.limit ?? 8;
	}
	get filtering() {
		return this.#shown !== this.#rows;
	}

	/** Watches the job, its sentences and its finished chunks; returns the stop function. */
	start(): () => void {
		const db = this.#db;
		const id = this.jobId;
		const subs = [
			liveQuery(() => db.jobs.get(id)).subscribe({
				next: (job) => (this.#job = job ?? null),
				error: (e: unknown) => console.error('IndexedDB query failed', e)
			}),
			// The sentences are stored at once when the book has been read: load them then.
			liveQuery(() => countSentences(db, id)).subscribe({
				next: (count) => {
					if (count !== this.#loadedCount) this.#enqueue(() => this.#loadAll());
				},
				error: (e: unknown) => console.error('IndexedDB query failed', e)
			}),
			liveQuery(() => doneChunkIndexes(db, id)).subscribe({
				next: (done) => this.#enqueue(() => this.#addChunks(done)),
				error: (e: unknown) => console.error('IndexedDB query failed', e)
			})
		];
		return () => subs.forEach((s) => s.unsubscribe());
	}

	#enqueue(task: () => Promise<void>) {
		this.#queue = this.#queue.then(task).catch((e: unknown) => {
			console.error('Reading the book failed', e);
		});
	}

	async #loadAll() {
		const { rows, doneChunks } = await loadBook(this.#db, this.jobId);
		this.#loadedCount = rows.length;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#doneChunks = new Set(doneChunks);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#positions = new Map(rows.map((r, k) => [r.index, k]));
		this.#rows = rows.map(toWorkspaceRow);
		this.#loaded = true;
	}

	async #addChunks(done: readonly number[]) {
		if (!this.#loaded) return; // the first full read picks them up
		const fresh = done.filter((i) => !this.#doneChunks.has(i));
		if (!fresh.length) return;
		const results = await resultsOfChunks(this.#db, this.jobId, fresh);
		for (const i of fresh) this.#doneChunks.add(i);
		this.#patch(results.map((r) => [r.sentenceIndex, r]));
	}

	#patch(changes: readonly [number, ResultFields][]) {
		if (!changes.length) return;
		const rows = [...this.#rows];
		for (const [index, result] of changes) {
			const pos = this.#positions.get(index);
			if (pos !== undefined) rows[pos] = withResult(rows[pos], result);
		}
		this.#rows = rows;
	}

	/** Every row read afresh from IndexedDB, edits included: what exports use. */
	allRows = (): Promise<ResultRow[]> => loadAllRows(this.#db, this.jobId);

	/** The rows shown now, for "export what I see". */
	shownRows = (): ResultRow[] => [...this.#shown];

	/** Shows only rows of this kind too, or stops. */
	toggleFilter(filter: RowFilter) {
		this.filters = this.filters.includes(filter)
			? this.filters.filter((f) => f !== filter)
			: [...this.filters, filter];
	}

	/** Clears the search, the filters and the page range. */
	clearQuery() {
		this.query = '';
		this.filters = [];
		this.pageFrom = undefined;
		this.pageTo = undefined;
	}

	/** Position among the shown rows of the first one on `page` or after; -1 and a notice if none. */
	jumpToPage(page: number): number {
		const pos = firstRowFromPage(this.#shown, page);
		if (pos < 0) {
			this.notice = { kind: 'no_row_on_page', page };
			return -1;
		}
		this.notice = undefined;
		this.focusIndex = this.#shown[pos].index;
		return pos;
	}

	/** Moves the focus `delta` rows (clamped); returns the new position among the shown rows. */
	moveFocus(delta: number): number {
		const shown = this.#shown;
		if (!shown.length) return -1;
		const at = shown.findIndex((r) => r.index === this.#activeIndex);
		const pos = Math.min(shown.length - 1, Math.max(0, (at < 0 ? 0 : at) + delta));
		this.focusIndex = shown[pos].index;
		return pos;
	}

	/** Opens the editor on a row that has a result. */
	startEdit(index: number) {
		const row = this.#row(index);
		if (!row || row.outputSource === 'pending') return;
		this.focusIndex = index;
		this.editing = index;
	}

	cancelEdit() {
		this.editing = undefined;
	}

	/** Saves a row's short sentences to IndexedDB at once. */
	async saveEdit(index: number, sentences: readonly string[]) {
		await this.#store(index, 'saved', () => saveOutput(this.#db, this.jobId, index, sentences));
		this.editing = undefined;
	}

	/** Restores what the model or the splitter gave. */
	async revert(index: number) {
		await this.#store(index, 'reverted', () => revertResult(this.#db, this.jobId, index));
	}

	async #store(index: number, kind: 'saved' | 'reverted', write: () => Promise<ResultFields>) {
		try {
			this.#patch([[index, await write()]]);
			this.notice = { kind };
		} catch (e) {
			this.notice = { kind: 'save_failed', error: e instanceof Error ? e.message : String(e) };
		}
	}

	#row(index: number): WorkspaceRow | undefined {
		const pos = this.#positions.get(index);
		return pos === undefined ? undefined : this.#rows[pos];
	}
}
