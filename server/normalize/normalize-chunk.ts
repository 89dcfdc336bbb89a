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
 * Answers that were cut off (MAX_TOKENS) or are not the JSON asked for. The model samples,
 * so the same request usually comes back whole the next time: these are transient, and
 * never a reason to fall back to a mechanical split.
 */
const TRANSIENT_ANSWERS = new Set<GeminiError['kind']>(['truncated', 'malformed']);

/**
 * Extra requests a chunk may make for transient answers before it is handed back to the
 * browser as a retryable failure (whose retry then asks only for the items still missing).
 */
export const TRANSIENT_ANSWER_BUDGET = 4;

/**
 * Model answers an item gets before it is split mechanically: a repair needs two answers
 * that were over the limit, dropped words or dropped the item (ARCHITECTURE.md §5).
 */
export const ANSWERS_BEFORE_REPAIR = 2;

/**
 * Normalises one chunk. Call-level failures (quota, 5xx, timeout, abort, auth, bad request)
 * are thrown as GeminiError so the browser's retry policy owns them, with the items already
 * answered attached. A cut-off or malformed answer is asked again (a cut-off one in halves);
 * an item whose answer fails validation is asked again alone; only an item whose second
 * model answer still fails (or that Gemini blocks alone) is split mechanically.
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

	/** Failed model answers per item. */
	const failedAnswers = new Map<number, number>();
	let transientLeft = TRANSIENT_ANSWER_BUDGET;
	let thrown: GeminiError | undefined;
	let groups: ChunkItem[][] = long.length > 0 ? [long] : [];
	while (groups.length > 0 && !thrown) {
		if (signal?.aborted) {
			thrown = new GeminiError('aborted', 'Request aborted');
			break;
		}
		const answers = await Promise.all(
			groups.map((group) => attempt(client, { items: group, limit, tier, signal }))
		);
		const next: ChunkItem[][] = [];
		answers.forEach((answer, g) => {
			const group = groups[g];
			if (answer instanceof GeminiError) {
				addUsage(usage, answer.usage);
				if (TRANSIENT_ANSWERS.has(answer.kind) && transientLeft > 0) {
					transientLeft--;
					// A cut-off answer may be too long for one answer: halve the group.
					next.push(...(answer.kind === 'truncated' ? halves(group) : [group]));
				} else if (answer.kind === 'blocked') {
					// A block follows the text: alone, only the item that triggers it is lost.
					if (group.length > 1) next.push(...group.map((item) => [item]));
					else results.push(repair(group[0], limit));
				} else if (!thrown || answer.kind === 'aborted') {
					// Prefer the abort: the caller asked for it, and it explains the other failures.
					thrown = answer;
				}
				return;
			}
			addUsage(usage, answer.usage);
			const { ok, failures } = validateAnswer(group, answer.items, limit);
			for (const [i, sentences] of ok) results.push({ i, sentences, source: 'model' });
			for (const failure of failures) {
				const item = group.find((it) => it.i === failure.i);
				// An invented i ('unknown') names no input item, so there is nothing to ask again.
				if (!item) continue;
				const failed = (failedAnswers.get(item.i) ?? 0) + 1;
				failedAnswers.set(item.i, failed);
				if (failed >= ANSWERS_BEFORE_REPAIR) results.push(repair(item, limit));
				else next.push([item]);
			}
		});
		groups = next;
	}

	if (thrown) {
		// The chunk fails as a whole, but the tokens already billed must still be settled, and
		// the items already answered are handed back so that a retry does not pay for them again.
		const answered = results.filter((r) => r.source === 'model');
		if (answered.length > 0) throw new PartialChunkError(thrown, usage, answered);
		thrown.usage = usage.totalTokens > 0 ? usage : thrown.usage;
		throw thrown;
	}

	results.sort((a, b) => a.i - b.i);
	return { items: results, usage };
}

/** A group cut in two, so that each half's answer is about half as long. */
function halves(group: ChunkItem[]): ChunkItem[][] {
	if (group.length < 2) return [group];
	const middle = Math.ceil(group.length / 2);
	return [group.slice(0, middle), group.slice(middle)];
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
