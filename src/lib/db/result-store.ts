/**
 * A job's results in IndexedDB, stored in blocks (row-blocks.ts) and read back as one row per
 * sentence. Every reader and writer of results goes through here. Writes join the caller's
 * transaction when there is one: name `db.resultBlocks` in it, read-write.
 */
import type { NovelDb, ResultEntry, StoredResult } from './db.ts';
import { blocksHolding, blocksInRange, countEntries, deleteBlocks } from './block-table.ts';
import { groupByBlock, toResultEntry } from './row-blocks.ts';

/** Stores `results` of a job, each replacing the one of the same sentence if any. */
export async function putResults(
	db: NovelDb,
	jobId: string,
	results: readonly ResultEntry[]
): Promise<void> {
	if (results.length === 0) return;
	const groups = groupByBlock(results.map(toResultEntry), (r) => r.sentenceIndex);
	await db.transaction('rw', db.resultBlocks, async () => {
		const keys = [...groups.keys()].map((b): [string, number] => [jobId, b]);
		const stored = await db.resultBlocks.bulkGet(keys);
		const blocks = [...groups].map(([block, list], k) => {
			const bySentence = new Map(stored[k]?.results.map((r) => [r.sentenceIndex, r]));
			for (const r of list) bySentence.set(r.sentenceIndex, r);
			const merged = [...bySentence.values()].sort((a, b) => a.sentenceIndex - b.sentenceIndex);
			return { jobId, block, results: merged };
		});
		await db.resultBlocks.bulkPut(blocks);
	});
}

export function deleteResults(db: NovelDb, jobId: string): Promise<void> {
	return deleteBlocks(db.resultBlocks, jobId);
}

/** Results of sentences `from` (inclusive) to `to` (exclusive), in order; all by default. */
export async function readResults(
	db: NovelDb,
	jobId: string,
	from = 0,
	to = Number.MAX_SAFE_INTEGER
): Promise<StoredResult[]> {
	const blocks = await blocksInRange(db.resultBlocks, jobId, from, to);
	return blocks.flatMap((b) =>
		b.results
			.filter((r) => r.sentenceIndex >= from && r.sentenceIndex < to)
			.map((r) => ({ ...r, jobId }))
	);
}

/** The stored results of the given sentences, in sentence order (missing ones are absent). */
export async function resultsAt(
	db: NovelDb,
	jobId: string,
	indexes: Iterable<number>
): Promise<StoredResult[]> {
	const wanted = new Set(indexes);
	const blocks = await blocksHolding(db.resultBlocks, jobId, wanted);
	return blocks.flatMap((b) =>
		b.results.filter((r) => wanted.has(r.sentenceIndex)).map((r) => ({ ...r, jobId }))
	);
}

/** The stored result of one sentence. */
export async function getResult(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number
): Promise<StoredResult | undefined> {
	return (await resultsAt(db, jobId, [sentenceIndex]))[0];
}

/** How many sentences of a job have a result. */
export function countResults(db: NovelDb, jobId: string): Promise<number> {
	return countEntries(db.resultBlocks, jobId, (b) => b.results);
}
