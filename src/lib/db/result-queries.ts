import { mergeResults, type ResultRow } from '../shared/pipeline/merge.ts';
import type { NovelDb, StoredResult } from './db.ts';
import { readResults, resultsAt } from './result-store.ts';
import { readSentences } from './sentence-store.ts';

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
		readSentences(db, jobId, from, to),
		readResults(db, jobId, from, to)
	]);
	return mergeResults(sentences, results);
}

/** Every row of a job's result table, for export. */
export function loadAllRows(db: NovelDb, jobId: string): Promise<ResultRow[]> {
	return loadRows(db, jobId, 0, Number.MAX_SAFE_INTEGER);
}

/** A book's rows, and the chunks whose results they already hold. */
export interface BookSnapshot {
	rows: ResultRow[];
	doneChunks: number[];
}

/**
 * Every row of a book and the chunks already done, read in one transaction, so a chunk that
 * finishes meanwhile is either in both or in neither: the workspace then reads only the
 * results of chunks done after this snapshot.
 */
export function loadBook(db: NovelDb, jobId: string): Promise<BookSnapshot> {
	return db.transaction('r', [db.sentenceBlocks, db.resultBlocks, db.chunks], async () => {
		const [rows, doneChunks] = await Promise.all([
			loadAllRows(db, jobId),
			doneChunkIndexes(db, jobId)
		]);
		return { rows, doneChunks };
	});
}

/** The indexes of a job's done chunks, read from the index alone (cheap for a liveQuery). */
export async function doneChunkIndexes(db: NovelDb, jobId: string): Promise<number[]> {
	const keys = await db.chunks.where('[jobId+status]').equals([jobId, 'done']).primaryKeys();
	return keys.map(([, index]) => index);
}

/** The stored results of the given chunks' sentences: a few rows, never the whole book. */
export async function resultsOfChunks(
	db: NovelDb,
	jobId: string,
	chunkIndexes: readonly number[]
): Promise<StoredResult[]> {
	const chunks = await db.chunks.bulkGet(chunkIndexes.map((i): [string, number] => [jobId, i]));
	return resultsAt(
		db,
		jobId,
		chunks.flatMap((c) => c?.sentenceIndexes ?? [])
	);
}
