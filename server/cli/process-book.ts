/**
 * The app's pipeline after extraction, for the command line: segment, plan chunks, rewrite the
 * long sentences (locally or through the relay), merge. The same modules the browser runs.
 */
import {
	chunkItems,
	needsRewrite,
	planChunks,
	type ChunkBudget,
	type ChunkPlan
} from '../../src/lib/shared/pipeline/chunk-planner.ts';
import { rewriteMechanically } from '../../src/lib/shared/pipeline/mechanical-chunk.ts';
import { mergeResults, type ResultRow } from '../../src/lib/shared/pipeline/merge.ts';
import type { ChunkItem, ItemResult, Sentence } from '../../src/lib/shared/pipeline/types.ts';
import { segmentPages } from '../../src/lib/shared/text/segment.ts';

/** A chunk that could not be rewritten, and why. */
export interface ChunkFailure {
	chunkIndex: number;
	sentenceIndexes: number[];
	message: string;
}

/** What rewriting the planned chunks gave. */
export interface Rewritten {
	results: ItemResult[];
	failures: ChunkFailure[];
}

/** Rewrites every planned chunk; `items` rebuilds a chunk's items from the sentences. */
export type Rewriter = (
	plans: readonly ChunkPlan[],
	items: (plan: ChunkPlan) => ChunkItem[]
) => Promise<Rewritten>;

/** A processed book: every sentence with its result, in book order. */
export interface ProcessedBook {
	sentences: Sentence[];
	rows: ResultRow[];
	chunks: number;
	failures: ChunkFailure[];
}

/** The app's fallback chunk size when the relay advertises none (app-services.ts). */
export const DEFAULT_BUDGET = { maxItems: 25, maxChars: 12_000 };

/** Segments `pages` and rewrites the sentences over the budget's limit with `rewrite`. */
export async function processPages(
	pages: string[],
	budget: ChunkBudget,
	rewrite: Rewriter
): Promise<ProcessedBook> {
	const sentences = segmentPages(pages);
	const byIndex = new Map(sentences.map((s) => [s.index, s]));
	const plans = planChunks(sentences, budget);
	const unchanged: ItemResult[] = sentences
		.filter((s) => !needsRewrite(s, budget.limit))
		.map((s) => ({ i: s.index, sentences: [s.text], source: 'unchanged' }));
	const { results, failures } = await rewrite(plans, (plan) => chunkItems(plan, byIndex));
	const stored = [...unchanged, ...results].map((r) => ({
		sentenceIndex: r.i,
		sentences: r.sentences,
		source: r.source
	}));
	return { sentences, rows: mergeResults(sentences, stored), chunks: plans.length, failures };
}

/** Mechanical mode: every chunk split at clause boundaries, here and now. */
export function mechanicalRewriter(limit: number): Rewriter {
	return async (plans, items) => ({
		results: plans.flatMap((plan) => rewriteMechanically(items(plan), limit)),
		failures: []
	});
}
