/**
 * Turns one chunk of sentences into short sentences: the model rewrites the long ones,
 * every answer is validated, a failing item is asked again once and alone, and what still
 * fails is split mechanically. Every input item comes out exactly once.
 */
import type { ChunkItem, ItemResult, Usage } from '../../src/lib/shared/pipeline/types.ts';
import { splitMechanically } from '../../src/lib/shared/text/mechanical-split.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import type { GeminiClient, RewriteAnswer, RewriteRequest } from '../gemini/gemini-client.ts';
import { GeminiError, classifyGeminiError } from '../gemini/gemini-errors.ts';
import { validateAnswer } from './validate-answer.ts';

/** One chunk to normalise. */
export interface NormalizeChunkRequest {
	client: GeminiClient;
	items: ChunkItem[];
	limit: number;
	tier: string;
	signal?: AbortSignal;
	/** Items a failed earlier run of this chunk already answered; they are not asked again. */
	known?: ReadonlyMap<number, ItemResult>;
}

/**
 * A chunk that failed after some of its items were answered. The relay keeps `partial` under
 * the chunk's key, so the browser's retry asks only for the rest and Gemini bills them once.
 */
export class PartialChunkError extends GeminiError {
	constructor(
		cause: GeminiError,
		usage: Usage,
		readonly partial: ItemResult[]
	) {
		super(cause.kind, cause.message, {
			retryAfterMs: cause.retryAfterMs,
			httpStatus: cause.httpStatus,
			usage,
			cause
		});
	}
}

/** Every input item once, sorted by i, and the tokens of every billed attempt. */
export interface NormalizeChunkResult {
	items: ItemResult[];
	usage: Usage;
}

/**
 * Failures that belong to the answer rather than to the call: Gemini answered (and
 * billed) but the text cannot be used. Asking item by item isolates the one item that
 * triggers a block or overflows the output, so the rest of the chunk still gets the model.
 */
const ANSWER_FAULTS = new Set<GeminiError['kind']>(['blocked', 'truncated', 'malformed']);

/**
 * Normalises one chunk. Call-level failures of the first request (quota, 5xx, timeout,
 * abort, auth, bad request) are thrown as GeminiError so the browser's retry policy owns
 * them; answer-level failures never are: they end in a solo retry, then a repair.
 */
export async function normalizeChunk({
	client,
	items,
	limit,
	tier,
	signal,
	known
}: NormalizeChunkRequest): Promise<NormalizeChunkResult> {
	assertUniqueIds(items);
	const usage = zeroUsage();
	const results: ItemResult[] = [];
	const long: ChunkItem[] = [];
	for (const item of items) {
		const done = known?.get(item.i);
		if (done) {
			results.push(done);
		} else if (countWords(item.text) <= limit) {
			// Short sentences cost nothing: they never reach the model.
			results.push({ i: item.i, sentences: [item.text], source: 'unchanged' });
		} else long.push(item);
	}

	let retry: ChunkItem[] = [];
	if (long.length > 0) {
		const answer = await attempt(client, { items: long, limit, tier, signal });
		if (answer instanceof GeminiError) {
			if (!ANSWER_FAULTS.has(answer.kind)) throw answer;
			addUsage(usage, answer.usage);
			retry = long;
		} else {
			addUsage(usage, answer.usage);
			const { ok, failures } = validateAnswer(long, answer.items, limit);
			for (const [i, sentences] of ok) results.push({ i, sentences, source: 'model' });
			// An invented i ('unknown') names no input item, so there is nothing to ask again.
			const failed = new Set(failures.map((f) => f.i));
			retry = long.filter((item) => failed.has(item.i));
		}
	}

	if (retry.length > 0 && signal?.aborted) {
		throw new GeminiError('aborted', 'Request aborted', { usage });
	}
	const solos = await Promise.allSettled(
		retry.map((item) => askAlone({ client, item, limit, tier, signal }))
	);
	let thrown: GeminiError | undefined;
	for (const solo of solos) {
		if (solo.status === 'fulfilled') {
			addUsage(usage, solo.value.usage);
			results.push(solo.value.result);
		} else {
			// Only Gemini failures are settled here; a bug must surface as itself.
			if (!(solo.reason instanceof GeminiError)) throw solo.reason;
			const error = solo.reason;
			addUsage(usage, error.usage);
			// Prefer the abort: the caller asked for it, and it explains the other failures.
			if (!thrown || error.kind === 'aborted') thrown = error;
		}
	}
	if (thrown) {
		// The chunk fails as a whole, but the tokens already billed must still be settled, and
		// the items already answered are handed back so that a retry does not pay for them again.
		// A repair is a last resort: a retry of the chunk gives that item another chance.
		const answered = results.filter((r) => r.source === 'model');
		throw new PartialChunkError(thrown, usage, answered);
	}

	results.sort((a, b) => a.i - b.i);
	return { items: results, usage };
}

/** The one solo retry of an item: the model's answer if valid, else a mechanical split. */
async function askAlone({
	client,
	item,
	limit,
	tier,
	signal
}: {
	client: GeminiClient;
	item: ChunkItem;
	limit: number;
	tier: string;
	signal?: AbortSignal;
}): Promise<{ result: ItemResult; usage?: Usage }> {
	const answer = await attempt(client, { items: [item], limit, tier, signal });
	if (answer instanceof GeminiError) {
		if (!ANSWER_FAULTS.has(answer.kind)) throw answer;
		return { result: repair(item, limit), usage: answer.usage };
	}
	const sentences = validateAnswer([item], answer.items, limit).ok.get(item.i);
	const result: ItemResult = sentences
		? { i: item.i, sentences, source: 'model' }
		: repair(item, limit);
	return { result, usage: answer.usage };
}

/**
 * One Gemini call, its failure returned as a classified GeminiError rather than thrown, so
 * that only the call itself is classified and a bug in our own code is never mistaken
 * for a Gemini outage.
 */
async function attempt(
	client: GeminiClient,
	request: RewriteRequest
): Promise<RewriteAnswer | GeminiError> {
	try {
		return await client.rewrite(request);
	} catch (err) {
		return classifyGeminiError(err);
	}
}

/** The last resort: the source's own words, cut at clause boundaries to fit the limit. */
function repair(item: ChunkItem, limit: number): ItemResult {
	return { i: item.i, sentences: splitMechanically(item.text, limit), source: 'repaired' };
}

function assertUniqueIds(items: ChunkItem[]): void {
	const seen = new Set<number>();
	for (const { i } of items) {
		// Results are keyed by i, so a repeated i would make one item vanish.
		if (seen.has(i)) throw new RangeError(`normalizeChunk: item index ${i} appears twice`);
		seen.add(i);
	}
}

function zeroUsage(): Usage {
	return { promptTokens: 0, outputTokens: 0, totalTokens: 0 };
}

function addUsage(total: Usage, more: Usage | undefined): void {
	if (!more) return;
	total.promptTokens += more.promptTokens;
	total.outputTokens += more.outputTokens;
	total.totalTokens += more.totalTokens;
}
