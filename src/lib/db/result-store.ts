/**
 * A job's results in IndexedDB, stored in blocks (row-blocks.ts) and read back as one row per
 * sentence. Every reader and writer of results goes through here. Writes join the caller's
 * transaction when there is one: name `db.resultBlocks` in it, read-write.
 */
import type { NovelDb, ResultEntry, StoredResult } from './db.ts';
import { blockOf, groupByBlock, toResultEntry } from './row-blocks.ts';

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

export async function deleteResults(db: NovelDb, jobId: string): Promise<void> {
	await db.resultBlocks.where('jobId').equals(jobId).delete();
}

/** Results of sentences `from` (inclusive) to `to` (exclusive), in order; all by default. */
export async function readResults(
	db: NovelDb,
	jobId: string,
	from = 0,
	to = Number.MAX_SAFE_INTEGER
): Promise<StoredResult[]> {
	if (to <= from) return [];
	const blocks = await db.resultBlocks
		.where('[jobId+block]')
		.between([jobId, blockOf(from)], [jobId, blockOf(to - 1)], true, true)
		.toArray();
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
	const blocks = [...new Set([...wanted].map(blockOf))].sort((a, b) => a - b);
	const stored = await db.resultBlocks.bulkGet(blocks.map((b): [string, number] => [jobId, b]));
	return stored.flatMap((b) =>
		(b?.results ?? []).filter((r) => wanted.has(r.sentenceIndex)).map((r) => ({ ...r, jobId }))
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
export async function countResults(db: NovelDb, jobId: string): Promise<number> {
	let count = 0;
	await db.resultBlocks
		.where('jobId')
		.equals(jobId)
		.each((b) => (count += b.results.length));
	return count;
}
