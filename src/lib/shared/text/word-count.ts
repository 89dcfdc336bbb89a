/**
 * The one word counter of the product (ARCHITECTURE.md §2.5). The browser, the relay,
 * the prompt and the UI all import it, so "8 words" means the same thing everywhere.
 *
 * A word is a word-like segment of Intl.Segmenter('fr'). ICU already keeps an elision
 * with its word (l'homme, qu'il, jusqu'ici), with both ' and ’. It splits hyphenated
 * compounds (peut-être, dit-il, a-t-il), so words joined by a hyphen with no space
 * around it are merged back into one. Punctuation is never a word.
 *
 * The Segmenter is the definition, but it is slow (about 30 µs for a sentence, and the
 * relay counts every sentence several times). Plain French text, which is nearly all of
 * it, is read by a scanner that applies the same Unicode word-break rules (UAX #29) for
 * the few character classes it accepts; any other character, or a case where the rules
 * would depend on a class it does not model, sends the text to the Segmenter. A property
 * test compares both over real books (tests/unit/word-count.test.ts).
 */

const wordSegmenter = new Intl.Segmenter('fr', { granularity: 'word' });

/** Hyphens that join a compound; en and em dashes mark dialogue and never join. */
const JOINING_HYPHENS = new Set(['-', '\u2010', '\u2011']);

/** The words of `text`, in order, as the counter sees them. */
export function words(text: string): string[] {
	return fastWords(text) ?? segmenterWords(text);
}

/** How many words `text` has by the product's one rule. */
export function countWords(text: string): number {
	const cached = countCache.get(text);
	if (cached !== undefined) return cached;
	const n = words(text).length;
	// The relay counts the same sentences in the estimate, the normaliser and the validator.
	if (countCache.size >= COUNT_CACHE_SIZE) countCache.clear();
	countCache.set(text, n);
	return n;
}

const COUNT_CACHE_SIZE = 4096;
const countCache = new Map<string, number>();

/** The definition: Intl.Segmenter's word-like segments, hyphenated compounds merged. */
export function segmenterWords(text: string): string[] {
	const out: string[] = [];
	let pendingHyphen = false;
	let lastWordEnd = -1;
	for (const seg of wordSegmenter.segment(text)) {
		if (seg.isWordLike) {
			const joins = pendingHyphen && out.length > 0;
			if (joins) out[out.length - 1] += '-' + seg.segment;
			else out.push(seg.segment);
			lastWordEnd = seg.index + seg.segment.length;
			pendingHyphen = false;
		} else {
			// A hyphen joins only when it touches the previous word and the next one.
			pendingHyphen = JOINING_HYPHENS.has(seg.segment) && seg.index === lastWordEnd;
		}
	}
	return out;
}

// Character classes of the scanner, by UAX #29 Word_Break property.
const OTHER = 0; // breaks on both sides, never part of a word
const LETTER = 1; // ALetter
const DIGIT = 2; // Numeric
const APOSTROPHE = 3; // ' (Single_Quote) and ’ (MidNumLet): join letter to letter
const MID = 4; // MidNum, MidNumLet, MidLetter: join only in contexts the scanner leaves to ICU
const HYPHEN = 5; // Other for ICU; the product joins compounds across it
const UNKNOWN = 6; // anything else: the Segmenter decides
const GLUE = 7; // ExtendNumLet (_ and the narrow no-break space): glues letters and digits together

/** Class of each code unit below 0x180 (Basic Latin, Latin-1, Latin Extended-A). */
const CLASS = new Uint8Array(0x180).fill(UNKNOWN);
{
	const set = (from: number, to: number, cls: number) => CLASS.fill(cls, from, to + 1);
	set(0x20, 0x7e, OTHER);
	for (const c of '\t\n\v\f\r') CLASS[c.charCodeAt(0)] = OTHER;
	set(0x30, 0x39, DIGIT);
	set(0x41, 0x5a, LETTER);
	set(0x61, 0x7a, LETTER);
	set(0xc0, 0xd6, LETTER);
	set(0xd8, 0xf6, LETTER);
	set(0xf8, 0x17f, LETTER);
	CLASS[0x27] = APOSTROPHE;
	CLASS[0x2d] = HYPHEN;
	// , ; (MidNum)  . (MidNumLet)  : (MidLetter in UAX #29)
	for (const c of ',;.:') CLASS[c.charCodeAt(0)] = MID;
	CLASS[0x5f] = GLUE; // _
	CLASS[0xa0] = OTHER; // no-break space
	for (const c of '«»¡¿§°±×÷¶©®¬¨´¸¯¦¤£¢¥') CLASS[c.charCodeAt(0)] = OTHER;
	// · is MidLetter; ª µ º are letters of classes the scanner does not track; U+00AD is Format.
	CLASS[0xb7] = MID;
}

/** Class of one UTF-16 code unit. */
function classOf(code: number): number {
	if (code < 0x180) return CLASS[code];
	switch (code) {
		case 0x2019: // ’
			return APOSTROPHE;
		case 0x2010:
		case 0x2011:
			return HYPHEN;
		case 0x2012: // figure dash
		case 0x2013: // –
		case 0x2014: // —
		case 0x2015:
		case 0x201c: // “
		case 0x201d: // ”
		case 0x201e: // „
		case 0x2026: // …
		case 0x2039: // ‹
		case 0x203a: // ›
		case 0x2020: // †
		case 0x2021: // ‡
		case 0x2022: // •
			return OTHER;
		case 0x2018: // ‘ is MidNumLet, and a common opening quote
			return MID;
		case 0x202f:
			// The narrow no-break space French puts before ; : ! ? and inside « »: ICU
			// makes it part of the word it touches ("mot\u202f" is one word-like segment).
			return GLUE;
		default:
			// Marks, other scripts, emoji: left to ICU.
			return UNKNOWN;
	}
}

/**
 * The words of plain Latin text by the same rules as `segmenterWords`, or undefined when
 * the text holds something the scanner does not model: a character of another class, or a
 * mid-word sign (. , ; : · ‘, or an apostrophe next to a digit) between two letters or digits.
 */
export function fastWords(text: string): string[] | undefined {
	const out: string[] = [];
	const n = text.length;
	let start = -1; // start of the segment being read
	let wordLike = false; // whether it has a letter or a digit, not only glue
	let lastWordEnd = -1;
	let prev = OTHER;
	for (let k = 0; k <= n; k++) {
		const cls = k < n ? classOf(text.charCodeAt(k)) : OTHER;
		if (cls === UNKNOWN) return undefined;
		if (cls === LETTER || cls === DIGIT || cls === GLUE) {
			if (start < 0) start = k;
			if (cls !== GLUE) wordLike = true;
			prev = cls;
			continue;
		}
		if ((cls === APOSTROPHE || cls === MID) && start >= 0 && k + 1 < n) {
			const next = classOf(text.charCodeAt(k + 1));
			if (next === LETTER || next === DIGIT) {
				// Letter ' letter stays one word (WB6/WB7); every other mid-word sign between
				// two letters or digits has rules of its own (WB11/WB12, ICU's tailoring).
				if (cls === APOSTROPHE && prev === LETTER && next === LETTER) {
					prev = cls;
					continue;
				}
				return undefined;
			}
		}
		if (start >= 0 && !wordLike) {
			// Glue alone is no word, but ICU calls a run of two or more glue signs word-like.
			if (k - start > 1) return undefined;
			start = -1;
		}
		if (start >= 0) {
			const word = text.slice(start, k);
			const hyphen = start - 1;
			// A hyphen joins only when it touches the previous word and this one.
			if (out.length > 0 && hyphen === lastWordEnd && classOf(text.charCodeAt(hyphen)) === HYPHEN) {
				out[out.length - 1] += '-' + word;
			} else out.push(word);
			lastWordEnd = k;
			start = -1;
			wordLike = false;
		}
		prev = cls;
	}
	return out;
}
