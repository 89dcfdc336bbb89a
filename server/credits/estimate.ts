/**
 * The relay's own estimate of what a job will cost, made from the text it will send, never
 * from a number the browser supplies. It plans the chunks the way the browser does, so the
 * system instruction is counted once per chunk, and it errs high: reserving too much only
 * holds credits until the job releases them; reserving too little pauses a job.
 */
import { planChunks } from '../../src/lib/shared/pipeline/chunk-planner.ts';
import type { Sentence } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { SYSTEM_INSTRUCTION } from '../gemini/prompt.ts';

/** French prose runs near 4 characters per Gemini token; 3.5 keeps the estimate on the safe side. */
export const CHARS_PER_TOKEN = 3.5;
/** The answer repeats the content as more, shorter sentences, in JSON: about 1.5× the input text. */
export const OUTPUT_FACTOR = 1.5;
/** Room for the solo retries the normaliser makes for items that fail validation. */
export const RETRY_MARGIN = 1.1;
/** An item's quotes and comma in the user message (`"…",`), with room for escaped quotes. */
const ITEM_JSON_CHARS = 8;

/** One item as the browser sends it. */
export interface EstimateItem {
	i: number;
	text: string;
	context?: string;
}

/** How many tokens a job should bill. */
export interface TokenEstimate {
	/** Items over the word limit: only these reach Gemini. */
	longItems: number;
	chunks: number;
	promptTokens: number;
	outputTokens: number;
	totalTokens: number;
}

/** Estimates the tokens Gemini will bill for these items at this word limit. */
export function estimateTokens(
	items: readonly EstimateItem[],
	opts: { limit: number; maxItemsPerChunk: number; maxChunkChars: number }
): TokenEstimate {
	const sentences: Sentence[] = items.map((it) => ({
		index: it.i,
		page: 0,
		text: it.text,
		words: countWords(it.text)
	}));
	const long = new Map(
		items.filter((_, k) => sentences[k].words > opts.limit).map((it) => [it.i, it])
	);
	const chunks = planChunks(sentences, {
		limit: opts.limit,
		maxItems: opts.maxItemsPerChunk,
		maxChars: opts.maxChunkChars
	}).length;
	let textChars = 0;
	let promptChars = 0;
	for (const it of long.values()) {
		textChars += it.text.length;
		promptChars += it.text.length + (it.context?.length ?? 0) + ITEM_JSON_CHARS;
	}
	const promptTokens = Math.ceil(
		(promptChars / CHARS_PER_TOKEN + chunks * systemTokens()) * RETRY_MARGIN
	);
	const outputTokens = Math.ceil(((textChars * OUTPUT_FACTOR) / CHARS_PER_TOKEN) * RETRY_MARGIN);
	return {
		longItems: long.size,
		chunks,
		promptTokens,
		outputTokens,
		totalTokens: promptTokens + outputTokens
	};
}

let systemTokenCount: number | undefined;
function systemTokens(): number {
	systemTokenCount ??= Math.ceil(SYSTEM_INSTRUCTION.length / CHARS_PER_TOKEN) + 16;
	return systemTokenCount;
}
