/** What the mock has seen: requests, items asked and answered, tokens and model time. */

/** What the mock has seen since the last reset. */
export interface MockGeminiStats {
	/** Requests to model endpoints (generate, stream, countTokens). */
	requests: number;
	generateRequests: number;
	/** Item text → generate requests that contained it. */
	itemRequests: Record<string, number>;
	/** Item text → 200 answers that carried it. */
	itemCompletions: Record<string, number>;
	/** Tokens of every generate request, as usageMetadata reported them. */
	promptTokens: number;
	/** Tokens of every answer, as usageMetadata reported them. */
	outputTokens: number;
	/** Tokens of the item texts the requests carried (the source the prompts wrap). */
	sourceTokens: number;
	/** Tokens of the sentences in the answers (the answers' content, without their structure). */
	contentTokens: number;
	/** Milliseconds the latency model made generate requests wait, summed. */
	modelMs: number;
	/** The longest wait of one generate request. */
	longestCallMs: number;
}

/** Stats with nothing counted. */
export function emptyStats(): MockGeminiStats {
	return {
		requests: 0,
		generateRequests: 0,
		itemRequests: {},
		itemCompletions: {},
		promptTokens: 0,
		outputTokens: 0,
		sourceTokens: 0,
		contentTokens: 0,
		modelMs: 0,
		longestCallMs: 0
	};
}

/** Adds one to `counts[key]`. */
export function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts one model wait. */
export function addModelTime(stats: MockGeminiStats, ms: number): void {
	stats.modelMs += ms;
	stats.longestCallMs = Math.max(stats.longestCallMs, ms);
}
