import type { ItemResult, ResultSource, Sentence } from './types.ts';

/** One row of the result table: a source sentence and what it became. */
export interface ResultRow {
	index: number;
	page: number;
	source: string;
	sourceWords: number;
	output: string[];
	outputSource: ResultSource | 'pending';
	/** The reader changed `output` by hand. */
	edited: boolean;
	/** What the model or the splitter gave, when the reader edited it. */
	original?: string[];
}

/** A stored result, as the merge reads it. */
export interface StoredResult extends Pick<ItemResult, 'sentences' | 'source'> {
	sentenceIndex: number;
	edited?: boolean;
	original?: string[];
}

/**
 * Pairs each sentence with its result, in book order. Chunks never overlap, so there is
 * nothing to deduplicate: a sentence without a result yet is shown as pending.
 */
export function mergeResults(
	sentences: readonly Sentence[],
	results: readonly StoredResult[]
): ResultRow[] {
	const byIndex = new Map(results.map((r) => [r.sentenceIndex, r]));
	return [...sentences]
		.sort((a, b) => a.index - b.index)
		.map((s) => {
			const r = byIndex.get(s.index);
			return {
				index: s.index,
				page: s.page,
				source: s.text,
				sourceWords: s.words,
				output: r ? r.sentences : [],
				outputSource: r ? r.source : 'pending',
				edited: r?.edited ?? false,
				...(r?.original ? { original: r.original } : {})
			};
		});
}
