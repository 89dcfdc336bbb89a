/**
 * The tab title while books run ("42% · Germinal — French Novel Tool"), so a reader working in
 * another tab sees how far the book got. `runningProgress` is pure; `TabTitle` owns the DOM.
 */
import type { Job } from '../db/db.ts';

/** A book counts as running from its start until it ends or pauses; offline, it still runs. */
const RUNNING: ReadonlySet<Job['status']> = new Set(['queued', 'extracting', 'processing']);

/** How far the running books are, together. */
export interface RunningProgress {
	/** 0–1: finished chunks over planned chunks of every running book. */
	fraction: number;
	count: number;
	/** The book's title when only one runs. */
	name?: string;
}

type ProgressFields = Pick<
	Job,
	'status' | 'processedChunks' | 'failedChunks' | 'totalChunks' | 'name' | 'title'
>;

/** The running books' progress, or undefined when none runs. */
export function runningProgress(jobs: readonly ProgressFields[]): RunningProgress | undefined {
	const running = jobs.filter((j) => RUNNING.has(j.status));
	if (running.length === 0) return undefined;
	let done = 0;
	let total = 0;
	for (const j of running) {
		// A book still being extracted has no plan yet: it adds nothing until it has one.
		if (j.status !== 'processing' || j.totalChunks <= 0) continue;
		done += Math.min(j.totalChunks, j.processedChunks + j.failedChunks);
		total += j.totalChunks;
	}
	// Floored, so the title never says 100% while the last chunk is still out.
	const fraction = total ? Math.floor((done / total) * 100) / 100 : 0;
	const only = running.length === 1 ? running[0] : undefined;
	return { fraction, count: running.length, name: only && (only.title ?? only.name) };
}

/**
 * Puts a prefix on the page's own title and takes it off again. The page (or a route change)
 * may set its title at any time: the new one becomes the base and the prefix is put back.
 */
export class TabTitle {
	#compose: ((base: string) => string) | undefined;
	#base = '';
	#applied: string | undefined;
	#observer: MutationObserver | undefined;

	/** Shows `compose(base)` as the title, or the page's own title when `compose` is undefined. */
	show(compose: ((base: string) => string) | undefined): void {
		this.#compose = compose;
		if (compose && !this.#observer && typeof MutationObserver !== 'undefined') {
			this.#observer = new MutationObserver(() => this.#apply());
			this.#observer.observe(document.head, {
				childList: true,
				subtree: true,
				characterData: true
			});
		}
		this.#apply();
	}

	/** Gives the page its own title back and stops watching it. */
	stop(): void {
		this.show(undefined);
		this.#observer?.disconnect();
		this.#observer = undefined;
	}

	#apply(): void {
		const current = document.title;
		// Anything but what we wrote is the page's own title, set since.
		if (current !== this.#applied) this.#base = current;
		if (!this.#compose) {
			if (this.#applied !== undefined && current === this.#applied) document.title = this.#base;
			this.#applied = undefined;
			return;
		}
		const next = this.#compose(this.#base);
		this.#applied = next;
		if (next !== current) document.title = next;
	}
}
