/**
 * A job's sentences in IndexedDB, stored in blocks (row-blocks.ts) and read back as one
 * row per sentence. Every reader and writer of sentences goes through here. Reads and writes
 * join the caller's transaction when there is one: name `db.sentenceBlocks` in it.
 */
import type { Sentence } from '../shared/pipeline/types.ts';
import type { NovelDb, StoredSentence } from './db.ts';
import { blockOf, toSentenceBlocks } from './row-blocks.ts';

/** Stores a job's sentences (the job must have none yet: see deleteSentences). */
export async function addSentences(
	db: NovelDb,
	jobId: string,
	sentences: readonly Sentence[]
): Promise<void> {
	await db.sentenceBlocks.bulkAdd(toSentenceBlocks(jobId, sentences));
}

export async function deleteSentences(db: NovelDb, jobId: string): Promise<void> {
	await db.sentenceBlocks.where('jobId').equals(jobId).delete();
}

/** Sentences `from` (inclusive) to `to` (exclusive) of a job, in order; all by default. */
export async function readSentences(
	db: NovelDb,
	jobId: string,
	from = 0,
	to = Number.MAX_SAFE_INTEGER
): Promise<StoredSentence[]> {
	if (to <= from) return [];
	const blocks = await db.sentenceBlocks
		.where('[jobId+block]')
		.between([jobId, blockOf(from)], [jobId, blockOf(to - 1)], true, true)
		.toArray();
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
	const blocks = [...new Set([...wanted].map(blockOf))].map((b): [string, number] => [jobId, b]);
	const byIndex = new Map<number, Sentence>();
	for (const block of await db.sentenceBlocks.bulkGet(blocks)) {
		for (const s of block?.sentences ?? []) if (wanted.has(s.index)) byIndex.set(s.index, s);
	}
	return byIndex;
}

/** How many sentences a job has. */
export async function countSentences(db: NovelDb, jobId: string): Promise<number> {
	let count = 0;
	await db.sentenceBlocks
		.where('jobId')
		.equals(jobId)
		.each((b) => (count += b.sentences.length));
	return count;
}
