/**
 * The offline "mechanical mode" (ARCHITECTURE.md §2.9): a long sentence is cut at clause
 * boundaries, with no model, until every piece is within the word limit. The relay uses
 * it too, to repair the model's answers that still fail validation (§5).
 *
 * Every gap between two words gets a cost by rank: ; : ! ? are cheapest, then commas
 * (and dashes, parentheses, guillemets), then the gap before a conjunction or a relative,
 * then any other gap. A shortest path over the words picks the cheapest cuts that keep
 * every piece within the limit. Cuts fall only at whitespace, so each piece holds exactly
 * the words it was given and the word counts need no second pass.
 *
 * Pieces keep every word in order. Each ends with end punctuation: the last keeps the
 * sentence's own, the others end with a period (replacing a trailing , ; or :). Each piece
 * after the first starts with a capital. A quotation cut in two is closed at the end of the
 * first part and opened again at the start of the next, so every piece pairs its « ».
 */

import {
	CLINGS_TO_NEXT,
	CLINGS_TO_PREVIOUS,
	NEEDS_NEXT,
	OPENS_CLAUSE,
	wordRoles
} from './clause-words.ts';
import { abbreviationAt } from './french-abbreviations.ts';
import { balanceGuillemets, openAfter, tightGuillemets } from './guillemets.ts';
import { words } from './word-count.ts';

/**
 * What a cut costs, by rank. Every piece also costs PIECE_COST, so one plain cut beats clause
 * cuts only when these would need three more pieces at commas, or two more at conjunctions.
 */
const STRONG_CUT = 0;
const COMMA_CUT = 1;
const CONJUNCTION_CUT = 3;
const PLAIN_CUT = 12;
/** Two words with no whitespace between them ("et/ou"): cut only if nothing else is left. */
const GLUED_CUT = 500;
/** "M. | Homais" is the worst cut there is short of a glued one. */
const ABBREVIATION_CUT = 1000;
/** Stranding "le", "à" or "que" at the end of a piece is worse than one more piece and cut. */
const CLINGING_COST = 40;
const PIECE_COST = 4;
/** A one-word piece reads as a fragment: take one only when nothing else fits. */
const ONE_WORD_COST = 6;
/** Small next to the cut costs: among equal cuts, even pieces win. */
const BALANCE_COST = 2;

const SPACE = /\s/;
/** What may open the next piece: a guillemet, a parenthesis, a dash. */
const OPENER_OR_SPACE = /[\s«“‹([—–-]/;
/** Any mark in a gap that ends a clause or opens another: after it no word hangs. */
const PUNCTUATED = /[,;:.!?…)\]»”›«“‹([—–]/;
const STRONG_MARK = /[;:!?…]|\.\.\./;
const COMMA_MARK = /[,)\]»”›]/;
const OPENING_MARK = /[«“‹([—–]|--/;
const END = /[.!?…][\s»”’"')\]›]*$/;
const LEADING_LOWERCASE = /^[^\p{L}\p{N}]*(\p{Ll})/u;
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;
const WORD_RUN = /[\p{L}\p{M}\p{Nd}\p{Pc}]+/gu;

/** For the gap after word i: where it is cut (an index in the sentence) and at what cost. */
interface Gaps {
	cut: Int32Array;
	cost: Uint16Array;
}

/** `sentence` cut into pieces of at most `limit` words; if it fits, it comes back alone. */
export function splitMechanically(sentence: string, limit: number): string[] {
	if (!Number.isInteger(limit) || limit < 1) {
		throw new RangeError(`The word limit must be a positive integer, not ${limit}.`);
	}
	if (surelyFits(sentence, limit)) return [sentence];
	const list = words(sentence);
	if (list.length <= limit) return [sentence];
	const gaps = readGaps(sentence, list);
	return render(sentence, gaps, chooseCuts(list.length, gaps, limit));
}

/**
 * Most sentences of a book already fit; counting runs of letters and digits bounds the
 * word count from above without the cost of ICU's word segmenter. It only holds for
 * Latin script, where ICU never cuts such a run in two (it may join two: "l'homme").
 */
function surelyFits(sentence: string, limit: number): boolean {
	if (NON_LATIN_LETTER.test(sentence)) return false;
	let runs = 0;
	for (const _ of sentence.matchAll(WORD_RUN)) if (++runs > limit) return false;
	return true;
}

function readGaps(sentence: string, list: string[]): Gaps {
	const n = list.length;
	const gaps: Gaps = { cut: new Int32Array(n), cost: new Uint16Array(n) };
	// words() joins a compound with "-" whatever hyphen the book used.
	const plain = sentence.replace(/[\u2010\u2011]/g, '-');
	const roles = wordRoles(list);
	let wordEnd = plain.indexOf(list[0]) + list[0].length;
	for (let i = 0; i + 1 < n; i++) {
		const start = plain.indexOf(list[i + 1], wordEnd);
		if (start < 0) throw new Error(`Mechanical split lost the word "${list[i + 1]}".`);
		const gap = sentence.slice(wordEnd, start);
		const at = cutInGap(gap);
		gaps.cut[i] = wordEnd + (at < 0 ? gap.length : at);
		if (at < 0) {
			gaps.cost[i] = GLUED_CUT;
		} else {
			const tail = gap.slice(0, at);
			const abbreviation =
				tail[0] === '.' &&
				abbreviationAt(sentence.slice(Math.max(0, wordEnd - 40), wordEnd + 1)) !== null;
			gaps.cost[i] =
				rankCost(tail, gap.slice(at), abbreviation, (roles[i + 1] & OPENS_CLAUSE) !== 0) +
				(roles[i] & CLINGS_TO_NEXT ? CLINGING_COST : 0) +
				(roles[i] & NEEDS_NEXT && !PUNCTUATED.test(gap) ? CLINGING_COST : 0) +
				// "Eh quoi! | dit-il, ne savez-vous pas" would part the incise from its speech.
				(roles[i + 1] & CLINGS_TO_PREVIOUS ? CLINGING_COST : 0);
		}
		wordEnd = start + list[i + 1].length;
	}
	return gaps;
}

/** Where a gap between two words is cut: at the whitespace after its closing marks. */
function cutInGap(gap: string): number {
	let head = gap.length;
	while (head > 0 && OPENER_OR_SPACE.test(gap[head - 1])) head--;
	for (let i = head; i < gap.length; i++) if (SPACE.test(gap[i])) return i;
	return -1;
}

/** The cost of a cut between `tail` (marks closing a word) and `head` (marks opening the next). */
function rankCost(tail: string, head: string, abbreviation: boolean, opens: boolean): number {
	if (STRONG_MARK.test(tail)) return STRONG_CUT;
	if (abbreviation) return ABBREVIATION_CUT;
	// Any other period inside a sentence ends a cited one: "« Il vint. » et partit".
	if (tail.includes('.')) return STRONG_CUT;
	if (COMMA_MARK.test(tail) || OPENING_MARK.test(head)) return COMMA_CUT;
	return opens ? CONJUNCTION_CUT : PLAIN_CUT;
}

/**
 * The cheapest way to cut words [0, n) into pieces of at most `limit` words: the index of
 * each piece's first word, then n.
 */
function chooseCuts(n: number, gaps: Gaps, limit: number): number[] {
	const best = new Float64Array(n + 1).fill(Infinity);
	const previous = new Int32Array(n + 1);
	best[0] = 0;
	for (let end = 1; end <= n; end++) {
		for (let start = end - 1; start >= 0 && end - start <= limit; start--) {
			const size = end - start;
			const cost =
				best[start] +
				(start > 0 ? gaps.cost[start - 1] : 0) +
				PIECE_COST +
				(size === 1 ? ONE_WORD_COST : 0) +
				BALANCE_COST * (size / limit) ** 2;
			if (cost < best[end]) {
				best[end] = cost;
				previous[end] = start;
			}
		}
	}
	const starts = [n];
	for (let end = n; end > 0; end = previous[end]) starts.push(previous[end]);
	return starts.reverse();
}

/** The text of each piece: punctuated, capitalised after the first, guillemets paired. */
function render(sentence: string, gaps: Gaps, starts: number[]): string[] {
	const tight = tightGuillemets(sentence);
	const out: string[] = [];
	let open = 0;
	for (let k = 0; k + 1 < starts.length; k++) {
		const first = starts[k];
		const end = starts[k + 1];
		const raw = sentence.slice(
			k === 0 ? 0 : gaps.cut[first - 1],
			k + 2 === starts.length ? sentence.length : gaps.cut[end - 1]
		);
		let text = raw.replace(/\s+/g, ' ').trim();
		// The last piece keeps the sentence's own final mark; a , ; or : gives way to a period.
		if (!END.test(text)) text = text.replace(/[\s,;:]+$/, '') + '.';
		if (k > 0) text = capitalise(text);
		out.push(balanceGuillemets(text, open, tight));
		open = openAfter(raw, open);
	}
	return out;
}

function capitalise(text: string): string {
	const match = LEADING_LOWERCASE.exec(text);
	if (match === null) return text;
	const at = match[0].length - match[1].length;
	const upper = match[1].toUpperCase();
	// A letter whose capital is two letters ("ß") would change the word; leave it.
	return upper.length === 1 ? text.slice(0, at) + upper + text.slice(at + 1) : text;
}
