import type { ChunkItem, Sentence } from './types.ts';

/** One planned chunk: the indexes of the long sentences it sends, in order. */
export interface ChunkPlan {
	index: number;
	sentenceIndexes: number[];
}

/** How big a chunk may grow. */
export interface ChunkBudget {
	limit: number;
	maxItems: number;
	maxChars: number;
	/**
	 * Items in the first chunk; each next chunk may hold twice as many, up to `maxItems`.
	 * A small first chunk puts the first results on screen in seconds, not after a full chunk.
	 */
	firstItems?: number;
}

/** Only sentences over the limit need rewriting; the rest pass through unchanged and cost nothing. */
export function needsRewrite(sentence: Sentence, limit: number): boolean {
	return sentence.words > limit;
}

/**
 * Packs the over-limit sentences, in book order, into chunks of at most `maxItems` items and
 * about `maxChars` characters. A chunk never cuts a sentence, so chunks never overlap and
 * merging is ordering by sentence index. A single sentence longer than `maxChars` gets a chunk
 * of its own rather than being cut.
 */
export function planChunks(sentences: readonly Sentence[], budget: ChunkBudget): ChunkPlan[] {
	const plans: ChunkPlan[] = [];
	let current: number[] = [];
	let chars = 0;
	const flush = () => {
		if (current.length === 0) return;
		plans.push({ index: plans.length, sentenceIndexes: current });
		current = [];
		chars = 0;
	};
	const itemCap = () =>
		Math.min(budget.maxItems, (budget.firstItems ?? budget.maxItems) * 2 ** plans.length);
	for (const s of sentences) {
		if (!needsRewrite(s, budget.limit)) continue;
		if (current.length >= itemCap() || (chars + s.text.length > budget.maxChars && chars > 0)) {
			flush();
		}
		current.push(s.index);
		chars += s.text.length;
	}
	flush();
	return plans;
}

/** The items a chunk sends, rebuilt from the stored sentences. */
export function chunkItems(plan: ChunkPlan, byIndex: ReadonlyMap<number, Sentence>): ChunkItem[] {
	return plan.sentenceIndexes.map((i) => {
		const s = byIndex.get(i);
		if (!s) throw new Error(`Chunk ${plan.index} names sentence ${i}, which is not stored.`);
		return { i, text: s.text };
	});
}
