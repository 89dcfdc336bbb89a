/** Shapes shared by the browser pipeline and the relay. Pure data, no behaviour. */

/** One source sentence, as segmented from the book. */
export interface Sentence {
	/** Position in the whole book, from 0. */
	index: number;
	/** 1-based page on which the sentence starts. */
	page: number;
	text: string;
	/** Word count by src/lib/text/word-count.ts. */
	words: number;
}

/** One sentence sent to the model: `i` is its sentence index. */
export interface ChunkItem {
	i: number;
	text: string;
	/** The previous sentence, read-only context for the model. */
	context?: string;
}

/** Where a result's output sentences came from. */
export type ResultSource = 'model' | 'unchanged' | 'mechanical' | 'repaired';

/** The rewrite of one source sentence. */
export interface ItemResult {
	i: number;
	sentences: string[];
	source: ResultSource;
}

/** Tokens Gemini billed, summed over every attempt. */
export interface Usage {
	promptTokens: number;
	outputTokens: number;
	totalTokens: number;
}
