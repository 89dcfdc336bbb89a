/**
 * How a job's sentences are grouped into IndexedDB rows: sentence `i` lives in block
 * `floor(i / SENTENCE_BLOCK)`. Pure; sentence-store.ts does the reading and writing.
 */
import type { Sentence } from '../shared/pipeline/types.ts';

/** Sentences per stored row: about 40 KB of text, 40 rows for a 600-page novel. */
export const SENTENCE_BLOCK = 256;

export function blockOf(index: number): number {
	return Math.floor(index / SENTENCE_BLOCK);
}

/** The blocks holding `sentences` of job `jobId`, each block's sentences in index order. */
export function toBlocks(jobId: string, sentences: readonly Sentence[]) {
	const byBlock = new Map<number, Sentence[]>();
	for (const { index, page, text, words } of sentences) {
		const block = blockOf(index);
		const list = byBlock.get(block) ?? [];
		if (list.length === 0) byBlock.set(block, list);
		list.push({ index, page, text, words });
	}
	return [...byBlock].map(([block, list]) => ({
		jobId,
		block,
		sentences: list.sort((a, b) => a.index - b.index)
	}));
}

/** The blocks of one-sentence rows of any jobs (the schema's upgrade from those rows). */
export function blocksOfRows(rows: readonly (Sentence & { jobId: string })[]) {
	const byJob = new Map<string, Sentence[]>();
	for (const row of rows) {
		const list = byJob.get(row.jobId) ?? [];
		if (list.length === 0) byJob.set(row.jobId, list);
		list.push(row);
	}
	return [...byJob].flatMap(([jobId, list]) => toBlocks(jobId, list));
}
