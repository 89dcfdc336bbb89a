import { untrack } from 'svelte';
import type { Job } from '../db/db.ts';
import { secondsLeft, type ChunkSample } from './eta.ts';
import { isSending } from './job-progress.ts';

/** The clock ticks this often while a countdown is shown. */
const TICK_MS = 1_000;

/**
 * A running book's time left, for one job card: remembers when this tab first saw the book
 * running and when a chunk last finished, and ticks a clock while the countdown shows.
 * Create it while a component initialises (it uses effects).
 */
export class TimeLeft {
	#now = $state(Date.now());
	#seen = $state<ChunkSample | undefined>();
	#lastChangeAt = $state<number | undefined>();
	#lastDone: number | undefined;
	#job: () => Job;

	constructor(job: () => Job) {
		this.#job = job;
		$effect(() => {
			const j = job();
			const sending = isSending(j);
			const done = j.processedChunks + j.failedChunks;
			untrack(() => this.#observe(sending, done));
		});
		$effect(() => {
			if (!isSending(job())) return;
			const timer = setInterval(() => (this.#now = Date.now()), TICK_MS);
			return () => clearInterval(timer);
		});
	}

	#observe(sending: boolean, done: number) {
		const now = Date.now();
		this.#now = now;
		if (!sending) {
			// Paused or offline: the next run's rate is measured afresh.
			this.#seen = undefined;
			this.#lastChangeAt = undefined;
			this.#lastDone = undefined;
			return;
		}
		this.#seen ??= { at: now, done };
		if (this.#lastDone !== undefined && done > this.#lastDone) this.#lastChangeAt = now;
		this.#lastDone = done;
	}

	/** Seconds left, or undefined when no honest estimate exists yet. */
	get seconds(): number | undefined {
		const job = this.#job();
		return secondsLeft({
			running: isSending(job),
			done: job.processedChunks + job.failedChunks,
			total: job.totalChunks,
			startedAt: job.startedAt,
			seen: this.#seen,
			lastChangeAt: this.#lastChangeAt,
			now: this.#now
		});
	}
}
