/**
 * French sentence segmentation (ARCHITECTURE.md §2.4). ICU's sentence segmenter proposes
 * the breaks; French rules then drop those that fall after an abbreviation, inside a short
 * quotation or before a lowercase continuation, and add those ICU misses (an em-dash reply,
 * an ellipsis before a capital). A newline is a paragraph break and always ends a sentence.
 */

import type { Sentence } from '../pipeline/types.ts';
import { continuesAfterAbbreviation } from './french-abbreviations.ts';
import {
	balanceGuillemets,
	openAfter,
	quotations,
	tightGuillemets,
	type Quotation
} from './guillemets.ts';
import { countWords } from './word-count.ts';

const sentenceSegmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });

/**
 * « Non. Jamais ! » stays one unit: cutting a quotation this short would leave "« Non." and
 * "Jamais ! »", each with a lone guillemet, and gain the learner nothing, since it already
 * fits the default limit of 8 words. A longer quotation is cut into its sentences, and each
 * one gets the guillemet it lacks, so that every unit stays balanced either way.
 */
const SHORT_QUOTATION_WORDS = 8;

/** End punctuation, then a dialogue dash: "— Oui, dit-il. — Non." ICU sees one sentence. */
const DASH_REPLY = /[.!?…][»”)]*\s+(?=[—–]|--)/g;
/** ICU breaks before the » of ". » Ensuite", so the break after it is proposed here. */
const QUOTATION_END = /[.!?…]\s*[»”]\s+/g;
/** ICU does not break after "…" even before a capital: "Elle vint… Il sortit." */
const ELLIPSIS_BEFORE_CAPITAL = /(?:\.\.\.|…)[»”)]*\s+(?=[«“(—–]?\s*\p{Lu})/gu;
/** A closing mark stays with its quotation: ICU cuts "« Venez-vous ? | » dit-il." */
const CLOSER = /^[»”)\]›]/;
/** After ? ! … or an abbreviation, a lowercase word goes on: "Quoi ! vous partez ?" */
const LOWERCASE = /^\p{Ll}/u;
const SPACE = /\s/;
const HAS_WORD = /[\p{L}\p{N}]/u;
const PARAGRAPH = /[^\r\n]+/g;

/** One sentence and where it starts in the segmented text. */
interface Span {
	start: number;
	text: string;
}

/** The sentences of `text`, trimmed, with inner whitespace collapsed to single spaces. */
export function segmentSentences(text: string): string[] {
	return sentenceSpans(text).map((span) => span.text);
}

/** A book's sentences from its pages' text (pages[0] is page 1), each on the page it starts on. */
export function segmentPages(pages: string[]): Sentence[] {
	// Built as parts and joined once: slicing a growing concatenation flattens it every time.
	const parts: string[] = [];
	const starts: number[] = [];
	let length = 0;
	let tail = '';
	for (const page of pages) {
		const joint = pageJoint(tail, page);
		parts.push(joint, page);
		starts.push(length + joint.length);
		length += joint.length + page.length;
		if (page !== '') tail = (tail + joint + page).slice(-2);
	}
	const text = parts.join('');
	let page = 0;
	return sentenceSpans(text).map((span, index) => {
		while (page + 1 < starts.length && starts[page + 1] <= span.start) page++;
		return { index, page: page + 1, text: span.text, words: countWords(span.text) };
	});
}

/**
 * What goes between the text so far (`tail` is its last two characters) and the next page. A page that ends with a newline ends
 * a paragraph. Any other page runs on into the next one, so a sentence cut by the page break
 * stays whole; a page that ends with "." ends its sentence only if the ordinary rules agree,
 * which they do not after "le P." or before a lowercase incise ("» | dit-il").
 */
function pageJoint(tail: string, page: string): string {
	if (tail === '' || /\s$/.test(tail)) return '';
	// Extraction rejoins words hyphenated at a line end within a page, not across pages.
	if (/\p{L}-$/u.test(tail) && /^\p{Ll}/u.test(page)) return '';
	return ' ';
}

function sentenceSpans(text: string): Span[] {
	const spans: Span[] = [];
	for (const paragraph of text.matchAll(PARAGRAPH)) {
		splitParagraph(paragraph[0], paragraph.index, spans);
	}
	return spans;
}

function splitParagraph(paragraph: string, offset: number, out: Span[]): void {
	const quoted = paragraph.includes('«') || paragraph.includes('»');
	const short = quoted ? shortQuotations(paragraph) : [];
	const tight = quoted && tightGuillemets(paragraph);
	let start = 0;
	let open = 0;
	for (const end of sentenceEnds(paragraph, short)) {
		const raw = paragraph.slice(start, end);
		// A paragraph of punctuation alone, such as a "* * *" scene break, is no sentence.
		if (HAS_WORD.test(raw)) {
			const text = raw.replace(/\s+/g, ' ').trim();
			const lead = raw.search(/\S/);
			out.push({ start: offset + start + lead, text: balanceGuillemets(text, open, tight) });
		}
		if (quoted) open = openAfter(raw, open);
		start = end;
	}
}

/** Where each sentence of `paragraph` ends. A stretch with no word joins its neighbour. */
function sentenceEnds(paragraph: string, short: Quotation[]): number[] {
	const cuts = candidateBreaks(paragraph).filter((cut) => keepsBreak(paragraph, cut, short));
	const ends: number[] = [];
	const worded: boolean[] = [];
	let start = 0;
	for (const end of [...cuts, paragraph.length]) {
		const hasWord = HAS_WORD.test(paragraph.slice(start, end));
		const last = ends.length - 1;
		if (last >= 0 && !(hasWord && worded[last])) {
			ends[last] = end;
			worded[last] ||= hasWord;
		} else {
			ends.push(end);
			worded.push(hasWord);
		}
		start = end;
	}
	return ends;
}

/** Where ICU, em-dash replies and ellipses say a sentence may start, in order. */
function candidateBreaks(paragraph: string): number[] {
	const cuts = new Set<number>();
	for (const { index } of sentenceSegmenter.segment(paragraph)) if (index > 0) cuts.add(index);
	for (const m of paragraph.matchAll(DASH_REPLY)) cuts.add(m.index + m[0].length);
	for (const m of paragraph.matchAll(ELLIPSIS_BEFORE_CAPITAL)) cuts.add(m.index + m[0].length);
	for (const m of paragraph.matchAll(QUOTATION_END)) cuts.add(m.index + m[0].length);
	return [...cuts].sort((a, b) => a - b);
}

function keepsBreak(paragraph: string, cut: number, short: Quotation[]): boolean {
	if (short.some(({ open, close }) => open < cut && cut <= close)) return false;
	let end = cut;
	while (end > 0 && SPACE.test(paragraph[end - 1])) end--;
	let next = cut;
	while (next < paragraph.length && SPACE.test(paragraph[next])) next++;
	const after = paragraph.slice(next, next + 16);
	if (CLOSER.test(after) || LOWERCASE.test(after)) return false;
	return !continuesAfterAbbreviation(paragraph.slice(Math.max(0, end - 40), end), after);
}

function shortQuotations(paragraph: string): Quotation[] {
	return quotations(paragraph).filter(
		({ open, close }) => countWords(paragraph.slice(open + 1, close)) <= SHORT_QUOTATION_WORDS
	);
}
