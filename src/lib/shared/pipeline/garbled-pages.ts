/**
 * Pages whose text layer decodes to garbage (issue 13): a TrueType font without a cmap, a
 * Type 3 font without a Unicode map, glyph ids read as characters. Such a page has text, so
 * nothing else notices, but its "sentences" are `’>in` or `ababab`. It is treated like a
 * scanned page: AI mode has Gemini read its image, mechanical mode names it.
 *
 * The test is light, since it runs in the PDF worker for every page: no lexicon, three
 * signals that real pages of prose, titles and tables of contents all pass.
 * - Symbols: a page of text is letters, digits and ordinary punctuation; `+ % > # |`, control
 *   and private-use characters, or U+FFFD in more than a few places is a wrong encoding.
 * - Tokens: a Latin-script token with no vowel, or one short unit repeated ("ababab"), is not
 *   a word; most of a real page's tokens are words, even on a title page ("CHAPITRE III").
 * - Function words: 40 Latin words with not one in thirty being a common word of French (or
 *   of a language it quotes) is letters shifted to other letters ("Oh pdodgh").
 * Other scripts are not judged: a page in Arabic or Japanese is text this product cannot
 * split, not garbage.
 */

/** Characters no page of prose is made of: symbols, control and private-use characters. */
const ODD = /[^\p{L}\p{M}\p{N}\s.,;:!?'’‘«»“”"‹›\-‐‑–—()[\]…/*&°§%]|%(?=\S)/gu;
/** Runs of letters with their apostrophes and hyphens; cheaper than ICU for a page at a time. */
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const LATIN = /\p{Script=Latin}/u;
const VOWEL = /[aeiouyàâäéèêëîïôöùûüÿœæ]/iu;
const ROMAN_OR_NUMBER = /^(?:[IVXLCDM]+|[ivxlcdm]+|\p{N}+)$/u;
/** "ababab", "xxxx": one unit of one or two letters said three times or more. */
const REPEATED = /^(.{1,2})\1{2,}$/u;

/**
 * Common words of French, and of the languages a French book quotes or a reader may drop by
 * mistake (English, German, Spanish, Italian): a page of prose is a third or more of them.
 */
const FUNCTION_WORDS = new Set(
	(
		'le la les un une des du de au aux et ou mais donc or ni car que qui quoi dont où il elle ' +
		'ils elles on je tu nous vous me te se lui leur y en ne pas plus ce cette ces son sa ses ' +
		'mon ma mes ton ta tes à dans par pour sur sous avec sans chez est était a avait été être ' +
		'avoir fut sont ont comme si tout bien très the of and to in is was that it for on with as ' +
		'his her he she at by be this had not but from or have an they which you were their ' +
		'der die das und ist nicht ein eine zu den von mit sich des im dem für auf als auch es ' +
		'wird sind bei oder wenn so el los las del con por para una lo al di il che non per ' +
		'con gli della e'
	).split(' ')
);

/** At least this many odd characters, and this share of the visible ones, is garbage. */
const MIN_ODD = 1;
const ODD_SHARE = 0.15;
/** Fewer plausible tokens than this share is garbage. */
const PLAUSIBLE_SHARE = 0.5;
/** Over this many Latin tokens, fewer function words than this share is garbage. */
const MIN_TOKENS_FOR_WORDS = 40;
const FUNCTION_SHARE = 1 / 30;

/** Why a page's text is garbage, or null when it reads as text. */
export type GarbleSign = 'symbols' | 'tokens' | 'words';

/** Whether `text` (a page's extracted text) decodes to garbage, and by which sign. */
export function garbleSign(text: string): GarbleSign | null {
	const visible = visibleCount(text);
	if (visible === 0) return null;
	const odd = text.match(ODD)?.length ?? 0;
	if (odd >= Math.min(MIN_ODD, visible) && odd / visible > ODD_SHARE) return 'symbols';
	// One pass over the tokens counts all three: this runs on every page of every book.
	let latin = 0;
	let plausible = 0;
	let common = 0;
	for (const [token] of text.matchAll(TOKEN)) {
		if (!isLatin(token)) continue;
		latin += 1;
		if (plausibleToken(token)) plausible += 1;
		if (FUNCTION_WORDS.has(baseOf(token))) common += 1;
	}
	if (latin === 0) return null;
	if (plausible / latin < PLAUSIBLE_SHARE) return 'tokens';
	if (latin >= MIN_TOKENS_FOR_WORDS && common / latin < FUNCTION_SHARE) return 'words';
	return null;
}

/** How many characters of `text` are not white space (what /\S/gu would match), counted by hand. */
function visibleCount(text: string): number {
	let n = 0;
	for (let k = 0; k < text.length; k++) {
		const c = text.charCodeAt(k);
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = text.charCodeAt(k + 1);
			if (next >= 0xdc00 && next <= 0xdfff) k += 1;
			n += 1;
		} else if (!isSpace(c)) n += 1;
	}
	return n;
}

/** JavaScript's \s: ASCII white space, no-break spaces, the Unicode spaces and the BOM. */
function isSpace(c: number): boolean {
	if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
	if (c < 0xa0) return false;
	return (
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/** Whether a token has a Latin letter; one starting with an ASCII letter surely has. */
function isLatin(token: string): boolean {
	const c = token.charCodeAt(0) | 0x20;
	return (c >= 0x61 && c <= 0x7a) || LATIN.test(token);
}

/** The 1-based pages of `pages` (pages[0] is page 1) whose text decodes to garbage. */
export function garbledPages(pages: readonly string[]): number[] {
	return pages.flatMap((text, i) => (garbleSign(text) === null ? [] : [i + 1]));
}

function plausibleToken(token: string): boolean {
	if (ROMAN_OR_NUMBER.test(token)) return true;
	// REPEATED needs three units at least, so a shorter token cannot match it.
	return VOWEL.test(token) && (token.length < 3 || !REPEATED.test(token.toLowerCase()));
}

/**
 * The word a token counts as among the common words. "l'homme" and "qu'il" count as "le":
 * the elided article, pronoun or conjunction is a common word itself. A token never starts
 * with its apostrophe, so any apostrophe in it marks an elision.
 */
function baseOf(token: string): string {
	return token.includes("'") || token.includes('’') ? 'le' : token.toLowerCase();
}
