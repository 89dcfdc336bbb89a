/**
 * French words that open a clause, words that cannot end one, and words that cannot start
 * one. The mechanical splitter (mechanical-split.ts) cuts before the first when punctuation
 * alone is not enough, and avoids cutting after the second or before the third.
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

/** Elided openers: "qu'il", "lorsqu'on", "puisqu'elle", and "s'il" but not "s'écria". */
const ELIDED_OPENER = /^(?:qu|lorsqu|puisqu|quoiqu)'|^s'ils?$/;

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

/** Besides the openers, words that need the next one: determiners, prepositions, pronouns. */
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
	'y',
	'parce',
	'tandis',
	'afin',
	'lors',
	'dès',
	'depuis',
	'pendant',
	'avant',
	'après'
]);

/** Verbs of saying that open an incise with a named speaker: "dit Emma", "répliqua M. Homais". */
const SPEECH_VERBS = new Set([
	'dit',
	'fit',
	'reprit',
	'répondit',
	'répliqua',
	'ajouta',
	'demanda',
	'cria',
	"s'écria",
	'continua',
	'murmura',
	'objecta',
	'poursuivit',
	'interrompit',
	'répéta',
	'disait',
	'reprenait',
	'continuait',
	'poursuivait',
	'objectait'
]);

/** A verb with its subject after it: "dit-il", "répondit-elle", "s'écria-t-il", "a-t-on". */
const INVERTED_SUBJECT = /-(?:t-)?(?:il|elle|on|ils|elles)$/;

/** A cut just before this word reads naturally: "et", "qui", "parce que", "ce qui". */
export const OPENS_CLAUSE = 1;
/** A cut just after this word would strand it: "le", "de", "il", "mais", "qu'il". */
export const CLINGS_TO_NEXT = 2;
/** A cut just before this word would part an incise from its speech: "dit-il", "dit Emma". */
export const CLINGS_TO_PREVIOUS = 4;

function isQue(word: string): boolean {
	return word === 'que' || word === 'qui' || word === 'dont' || word.startsWith("qu'");
}

/** What each of `words` (as words() gives them) means for a cut next to it, as role bits. */
export function wordRoles(words: readonly string[]): Uint8Array {
	const lower = words.map((word) => word.toLowerCase().replaceAll('’', "'"));
	const roles = new Uint8Array(words.length);
	for (let i = 0; i < lower.length; i++) {
		const word = lower[i];
		const opener = OPENERS.has(word) || ELIDED_OPENER.test(word);
		let opens = opener;
		if (LOCUTION_HEADS.has(word) && i + 1 < lower.length && isQue(lower[i + 1])) opens = true;
		else if (isQue(word) && i > 0 && LOCUTION_HEADS.has(lower[i - 1])) opens = false;
		if (opens) roles[i] |= OPENS_CLAUSE;
		if (opener || CLINGING.has(word)) roles[i] |= CLINGS_TO_NEXT;
		if (SPEECH_VERBS.has(word) || INVERTED_SUBJECT.test(word)) roles[i] |= CLINGS_TO_PREVIOUS;
	}
	return roles;
}
