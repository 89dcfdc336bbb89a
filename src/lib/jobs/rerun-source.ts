/**
 * Where a run-again job gets its sentences: from the job it was made from, already
 * segmented, so the PDF is neither uploaded nor extracted a second time.
 */
import type { Job, NovelDb } from '../db/db.ts';
import { readSentences } from '../db/sentence-store.ts';
import type { Sentence } from '../shared/pipeline/types.ts';

/** The job card's step while a run again copies the earlier run's sentences. */
export const RERUN_STEP = 'Reusing the extracted sentences';

const COPIED = [
	'pageCount',
	'title',
	'author',
	'skippedPages',
	'unreadablePages',
	'garbledPages'
] as const;

/** The sentences of the earlier run and what the job copies from it with them. */
export interface RerunSource {
	sentences: Sentence[];
	patch: Partial<Pick<Job, (typeof COPIED)[number]>>;
}

/**
 * The stored sentences of `job.rerunOf`, in order, or undefined when the job is not a run
 * again or that job's sentences are gone (deleted, or it never got that far): the runner
 * then extracts the PDF as for a new book.
 */
export async function rerunSource(
	db: NovelDb,
	job: Pick<Job, 'rerunOf'>
): Promise<RerunSource | undefined> {
	if (!job.rerunOf) return undefined;
	const from = await db.jobs.get(job.rerunOf);
	if (!from) return undefined;
	const rows = await readSentences(db, from.id);
	if (rows.length === 0) return undefined;
	return {
		sentences: rows.map(({ index, page, text, words }) => ({ index, page, text, words })),
		// Only what the earlier run has: an update with `undefined` would erase the field.
		patch: Object.fromEntries(
			COPIED.filter((key) => from[key] !== undefined).map((key) => [key, from[key]])
		)
	};
}
