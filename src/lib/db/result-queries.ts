import { mergeResults, type ResultRow } from '../shared/pipeline/merge.ts';
import type { NovelDb } from './db.ts';

/**
 * Rows `from` (inclusive) to `to` (exclusive) of a job's result table. Reading a window keeps
 * every live update cheap: a 600-page book has 10,000 sentences, and re-reading them all after
 * each chunk would stall the page.
 */
export async function loadRows(
	db: NovelDb,
	jobId: string,
	from: number,
	to: number
): Promise<ResultRow[]> {
	const [sentences, results] = await Promise.all([
		db.sentences.where('[jobId+index]').between([jobId, from], [jobId, to]).toArray(),
		db.results.where('[jobId+sentenceIndex]').between([jobId, from], [jobId, to]).toArray()
	]);
	return mergeResults(sentences, results);
}

/** Every row of a job's result table, for export. */
export function loadAllRows(db: NovelDb, jobId: string): Promise<ResultRow[]> {
	return loadRows(db, jobId, 0, Number.MAX_SAFE_INTEGER);
}

/** How many sentences a job has. */
export function countSentences(db: NovelDb, jobId: string): Promise<number> {
	return db.sentences.where('jobId').equals(jobId).count();
}
