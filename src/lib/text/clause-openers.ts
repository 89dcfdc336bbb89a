/**
 * French words that open a clause, and words that cannot end one. The mechanical splitter
 * (mechanical-split.ts) cuts before the first when punctuation alone is not enough, and
 * avoids cutting after the second when it has to split by word count.
 */

/** Coordinating and subordinating conjunctions and relatives: "et", "mais", "qui", "où"… */
const OPENERS = new Set([
	'et',
	'mais',
	'ou',
	'donc',
	'car',
	'puis',
	'or',
	'ni',
	'qui',
	'que',
	'dont',
	'où',
	'lorsque',
	'quand',
	'puisque',
	'quoique',
	'comme',
	'si',
	'lequel',
	'laquelle',
	'lesquels',
	'lesquelles'
]);

/** Elided openers: "qu'il", "lorsqu'on", "puisqu'elle", "quoiqu'il", and "s'il" but not "s'écria". */
const ELIDED_OPENER = /^(?:qu|lorsqu|puisqu|quoiqu)['’]|^s['’]ils?$/;

/** The first word of a locution ending in "que": "parce que", "tandis que", "ce qui"… */
const LOCUTION_HEADS = new Set([
	'parce',
	'tandis',
	'afin',
	'alors',
	'pour',
	'sans',
	'avant',
	'après',
	'dès',
	'depuis',
	'pendant',
	'tant',
	'ainsi',
	'bien',
	'sorte',
	'lors',
	'encore',
	'ce'
]);

/** Words that need the word after them, besides the openers: determiners, prepositions, pronouns. */
const CLINGING = new Set([
	'le',
	'la',
	'les',
	'un',
	'une',
	'des',
	'du',
	'de',
	'au',
	'aux',
	'à',
	'en',
	'ne',
	'se',
	'me',
	'te',
	'ce',
	'cet',
	'cette',
	'ces',
	'mon',
	'ton',
	'son',
	'ma',
	'ta',
	'sa',
	'mes',
	'tes',
	'ses',
	'notre',
	'votre',
	'nos',
	'vos',
	'leur',
	'leurs',
	'je',
	'tu',
	'il',
	'elle',
	'on',
	'ils',
	'elles',
	'par',
	'pour',
	'sur',
	'sous',
	'dans',
	'avec',
	'sans',
	'chez',
	'vers',
	'très',
	'plus',
	'si',
	'y'
]);

const normalise = (word: string) => word.toLowerCase().replaceAll('’', "'");

function isQue(word: string): boolean {
	return word === 'que' || word === 'qui' || word === 'dont' || /^qu'/.test(word);
}

/** Whether `words[i]` opens a clause, so that a cut just before it reads naturally. */
export function opensClause(words: readonly string[], i: number): boolean {
	const word = normalise(words[i]);
	const next = i + 1 < words.length ? normalise(words[i + 1]) : '';
	if (LOCUTION_HEADS.has(word) && isQue(next)) return true;
	if (isQue(word) && i > 0 && LOCUTION_HEADS.has(normalise(words[i - 1]))) return false;
	return OPENERS.has(word) || ELIDED_OPENER.test(word);
}

/** Whether a cut just after `word` would strand it: "le", "de", "il", "mais", "qu'il"… */
export function clingsToNext(word: string): boolean {
	const w = normalise(word);
	return CLINGING.has(w) || OPENERS.has(w) || ELIDED_OPENER.test(w);
}
