/**
 * How a job's sentences and results are grouped into IndexedDB rows: the entry of sentence
 * `i` lives in block `floor(i / BLOCK_SIZE)`. Pure; sentence-store.ts and result-store.ts do
 * the reading and writing.
 */
import type { Sentence } from '../shared/pipeline/types.ts';
import type { ResultBlock, ResultEntry, SentenceBlock } from './db.ts';

/** Entries per stored row: about 40 KB of text, 40 rows for a 600-page novel. */
export const BLOCK_SIZE = 256;

export function blockOf(index: number): number {
	return Math.floor(index / BLOCK_SIZE);
}

/** `entries` by block, each block's entries in index order. */
export function groupByBlock<T>(entries: Iterable<T>, indexOf: (entry: T) => number) {
	const byBlock = new Map<number, T[]>();
	for (const entry of entries) {
		const block = blockOf(indexOf(entry));
		const list = byBlock.get(block) ?? [];
		if (list.length === 0) byBlock.set(block, list);
		list.push(entry);
	}
	for (const list of byBlock.values()) list.sort((a, b) => indexOf(a) - indexOf(b));
	return byBlock;
}

/** The blocks holding `sentences` of job `jobId`. */
export function toSentenceBlocks(jobId: string, sentences: Iterable<Sentence>): SentenceBlock[] {
	const plain = [...sentences].map(({ index, page, text, words }) => ({
		index,
		page,
		text,
		words
	}));
	return [...groupByBlock(plain, (s) => s.index)].map(([block, list]) => ({
		jobId,
		block,
		sentences: list
	}));
}

/** A result without its job id (the block holds it once). */
export function toResultEntry(result: ResultEntry & { jobId?: string }): ResultEntry {
	const { sentenceIndex, sentences, source, edited, original } = result;
	return { sentenceIndex, sentences, source, edited, ...(original && { original }) };
}

/** The blocks holding `results` of job `jobId`. */
export function toResultBlocks(jobId: string, results: Iterable<ResultEntry>): ResultBlock[] {
	const plain = [...results].map(toResultEntry);
	return [...groupByBlock(plain, (r) => r.sentenceIndex)].map(([block, list]) => ({
		jobId,
		block,
		results: list
	}));
}

/** The blocks of rows of any jobs, one row per entry (the schema's upgrade from those rows). */
export function blocksOfRows<R extends { jobId: string }, B>(
	rows: readonly R[],
	toBlocks: (jobId: string, entries: R[]) => B[]
): B[] {
	const byJob = new Map<string, R[]>();
	for (const row of rows) {
		const list = byJob.get(row.jobId) ?? [];
		if (list.length === 0) byJob.set(row.jobId, list);
		list.push(row);
	}
	return [...byJob].flatMap(([jobId, list]) => toBlocks(jobId, list));
}
