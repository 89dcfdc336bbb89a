/**
 * Checks a model answer against the chunk it answers (ARCHITECTURE.md §5, "Validate every
 * answer"). Pure: it says which items may be trusted and why each other one may not.
 */
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import type { AnswerItem } from '../gemini/prompt.ts';
import { contentWords } from './content-words.ts';

/**
 * The share of an item's distinct content words that must reappear in its rewrite.
 * A faithful rewrite still loses a few: a relative clause becomes a repeated noun, a
 * participle becomes a conjugated verb ("voyant" → "il voit"), an aside is rephrased.
 * Items sent to the model are long (over the limit, so 9+ words and usually 6+ content
 * words), so 80% tolerates one or two such changes while a skipped clause, which
 * takes three or more content words with it, fails. A false alarm costs one more
 * request for that item; a miss loses part of the book, so the bar leans strict.
 */
export const MIN_CONTENT_COVERAGE = 0.8;

/** Why one item of an answer cannot be trusted. */
export type FailureReason =
	'missing' | 'duplicate' | 'unknown' | 'empty_sentence' | 'over_limit' | 'content_lost';

/** One rejected item; `unknown` names an `i` the answer invented. */
export interface AnswerFailure {
	i: number;
	reason: FailureReason;
}

/** The trusted items (i → sentences, trimmed) and the rejected ones. */
export interface AnswerValidation {
	ok: Map<number, string[]>;
	failures: AnswerFailure[];
}

/** Validates `answer` against `input`: each i once, no empty or over-limit sentence, no lost passage. */
export function validateAnswer(
	input: ChunkItem[],
	answer: AnswerItem[],
	limit: number
): AnswerValidation {
	const inputIds = new Set(input.map((item) => item.i));
	const byId = new Map<number, AnswerItem[]>();
	const failures: AnswerFailure[] = [];
	for (const item of answer) {
		if (!inputIds.has(item.i)) {
			if (!failures.some((f) => f.i === item.i && f.reason === 'unknown')) {
				failures.push({ i: item.i, reason: 'unknown' });
			}
			continue;
		}
		byId.set(item.i, [...(byId.get(item.i) ?? []), item]);
	}

	const ok = new Map<number, string[]>();
	for (const item of input) {
		const answers = byId.get(item.i) ?? [];
		const reason =
			answers.length === 0
				? 'missing'
				: answers.length > 1
					? 'duplicate'
					: sentenceFailure(item.text, answers[0].sentences, limit);
		if (reason) failures.push({ i: item.i, reason });
		else
			ok.set(
				item.i,
				answers[0].sentences.map((s) => s.trim())
			);
	}
	return { ok, failures };
}

/** The first thing wrong with one item's sentences, if any. */
function sentenceFailure(
	source: string,
	sentences: string[],
	limit: number
): FailureReason | undefined {
	// No sentence at all, or one with no word in it (only spaces or punctuation), is empty.
	if (sentences.length === 0 || sentences.some((s) => countWords(s) === 0)) {
		return 'empty_sentence';
	}
	if (sentences.some((s) => countWords(s) > limit)) return 'over_limit';
	if (coverage(source, sentences) < MIN_CONTENT_COVERAGE) return 'content_lost';
	return undefined;
}

/** The share of the source's distinct content words found anywhere in the output. */
function coverage(source: string, sentences: string[]): number {
	const wanted = new Set(contentWords(source));
	if (wanted.size === 0) return 1;
	const found = new Set(sentences.flatMap(contentWords));
	let kept = 0;
	for (const w of wanted) if (found.has(w)) kept++;
	return kept / wanted.size;
}
