/**
 * User Timing marks at a job's milestones, each naming the job in its detail. DevTools shows
 * them on its performance timeline, and the benchmark reads them (tests/bench/
 * chromium-job-timing.ts): polling IndexedDB from the page could only see a milestone once the
 * page's busy main thread let the poll run, up to a third of a second late on a long book.
 */
export type JobMilestone =
	/** The sentences and the chunk plan are stored: extraction is over. */
	| 'sentences-stored'
	/** The first chunk's results of this run are stored. */
	| 'first-results'
	/** The job completed (with or without failed chunks). */
	| 'completed';

export function markJob(milestone: JobMilestone, jobId: string): void {
	globalThis.performance?.mark?.(`fnt:${milestone}`, { detail: { jobId } });
}
