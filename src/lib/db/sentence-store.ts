/**
 * A job's sentences in IndexedDB, stored in blocks (row-blocks.ts) and read back as one row
 * per sentence. Every reader and writer of sentences goes through here. Reads and writes
 * join the caller's transaction when there is one: name `db.sentenceBlocks` in it.
 */
import type { Sentence } from '../shared/pipeline/types.ts';
import { blocksHolding, blocksInRange, countEntries, deleteBlocks } from './block-table.ts';
import type { NovelDb, StoredSentence } from './db.ts';
import { toSentenceBlocks } from './row-blocks.ts';

/** Stores a job's sentences (the job must have none yet: see deleteSentences). */
export async function addSentences(
	db: NovelDb,
	jobId: string,
	sentences: readonly Sentence[]
): Promise<void> {
	await db.sentenceBlocks.bulkAdd(toSentenceBlocks(jobId, sentences));
}

export function deleteSentences(db: NovelDb, jobId: string): Promise<void> {
	return deleteBlocks(db.sentenceBlocks, jobId);
}

/** Sentences `from` (inclusive) to `to` (exclusive) of a job, in order; all by default. */
export async function readSentences(
	db: NovelDb,
	jobId: string,
	from = 0,
	to = Number.MAX_SAFE_INTEGER
): Promise<StoredSentence[]> {
	const blocks = await blocksInRange(db.sentenceBlocks, jobId, from, to);
	return blocks.flatMap((b) =>
		b.sentences.filter((s) => s.index >= from && s.index < to).map((s) => ({ ...s, jobId }))
	);
}

/** The sentences of a job with the given indexes, by index (missing ones are absent). */
export async function sentencesAt(
	db: NovelDb,
	jobId: string,
	indexes: Iterable<number>
): Promise<Map<number, Sentence>> {
	const wanted = new Set(indexes);
	const byIndex = new Map<number, Sentence>();
	for (const block of await blocksHolding(db.sentenceBlocks, jobId, wanted)) {
		for (const s of block.sentences) if (wanted.has(s.index)) byIndex.set(s.index, s);
	}
	return byIndex;
}

/** How many sentences a job has. */
export function countSentences(db: NovelDb, jobId: string): Promise<number> {
	return countEntries(db.sentenceBlocks, jobId, (b) => b.sentences);
}
