/**
 * French words that open a clause, words that cannot end one, and words that cannot start
 * one. The mechanical splitter (mechanical-split.ts) cuts before the first when punctuation
 * alone is not enough, and avoids cutting after the second or before the third.
 *
 * These are small closed classes written out by hand, not a lexicon: the splitter runs on the
 * page, in the worker and offline, and an open-class word (a noun, a participle) never needs
 * to be recognised to keep it with the word before it.
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
	'quelques',
	'chaque',
	'plusieurs',
	'parmi',
	'entre',
	'envers',
	'jusque',
	'selon',
	'malgré',
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

/**
 * Finite forms of avoir and être: a participle or a complement follows them ("il avait | pris",
 * "c'est | ce que"). Only unpunctuated cuts after them are avoided: "tel qu'il était, | il".
 */
const AUXILIARIES = new Set(
	(
		'ai as a avons avez ont avais avait avions aviez avaient eus eut eûmes eûtes eurent ' +
		'aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient aie aies ait ' +
		'ayons ayez aient eusse eût suis es est sommes êtes sont étais était étions étiez étaient ' +
		'fus fut fûmes fûtes furent serai seras sera serons serez seront serais serait serions ' +
		'seriez seraient sois soit soyons soyez soient fusse fût'
	).split(' ')
);

/** Titles and ranks that a name follows: "le baron | de Mordicourt", "mademoiselle | Emma". */
const TITLES = new Set(
	(
		'monsieur madame mademoiselle messieurs mesdames monseigneur baron baronne comte comtesse ' +
		'duc duchesse marquis marquise vicomte vicomtesse prince princesse chevalier abbé docteur ' +
		'maître saint sainte sieur dame don dom père frère sœur mère capitaine général colonel ' +
		'lieutenant maréchal roi reine cardinal archevêque évêque président curé'
	).split(' ')
);

/** Subject pronouns and "ne": after them "nous", "vous" and "lui" are objects ("il lui | dit"). */
const SUBJECTS = new Set(['je', 'tu', 'il', 'elle', 'on', 'ils', 'elles', 'ne', 'nous', 'vous']);
const OBJECTS_AFTER_SUBJECT = new Set(['nous', 'vous', 'lui']);
/** After these, "nous" and "vous" are stressed and may end a clause: "avec nous", "c'est vous". */
const BEFORE_STRESSED = new Set(
	'à de pour avec sans chez par sur sous vers entre contre devant derrière après avant est et ou que comme'.split(
		' '
	)
);

/** Elided words that end a clause whole: "l'un", "quelqu'un", "aujourd'hui". */
const WHOLE_ELISIONS = /^(?:l'une?|quelqu'une?|aujourd'hui|presqu'île)$/;

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
/**
 * A cut just after this word, with no punctuation there, leaves it hanging: an auxiliary before
 * its participle ("avait | pris"), a title or a name before the rest of the name ("le baron |
 * de Mordicourt", "Jean | Valjean").
 */
export const NEEDS_NEXT = 8;

const CAPITALISED = /^\p{Lu}/u;
/** A name, not a word in capitals ("PARTIE", "XIV"): a capital, then some lower case. */
const NAME = /^(?:\p{L}+')?\p{Lu}.*\p{Ll}/u;

/** The word that decides a cut after `word`: "jusqu'à" ends on "à", "c'est" on "est". */
function lastPart(word: string): string {
	if (WHOLE_ELISIONS.test(word)) return word;
	const at = word.lastIndexOf("'");
	return at >= 0 && at + 1 < word.length ? word.slice(at + 1) : word;
}

/** "Valjean", "d'Orléans", or "de" before "Mordicourt": the rest of a name starts at word i. */
function nameAt(words: readonly string[], lower: readonly string[], i: number): boolean {
	if (i >= words.length) return false;
	if (CAPITALISED.test(words[i]) || /^d'\p{Lu}/u.test(words[i].replaceAll('’', "'"))) return true;
	return lower[i] === 'de' && i + 1 < words.length && CAPITALISED.test(words[i + 1]);
}

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
		const last = lastPart(word);
		if (opener || CLINGING.has(word) || (last !== word && CLINGING.has(last))) {
			roles[i] |= CLINGS_TO_NEXT;
		}
		const previous = i > 0 ? lastPart(lower[i - 1]) : '';
		if (OBJECTS_AFTER_SUBJECT.has(word) && SUBJECTS.has(previous)) roles[i] |= CLINGS_TO_NEXT;
		if (AUXILIARIES.has(last)) roles[i] |= NEEDS_NEXT;
		// "mais nous | avons", "si vous | voulez": a subject before its verb.
		if ((word === 'nous' || word === 'vous') && !BEFORE_STRESSED.has(previous)) {
			roles[i] |= NEEDS_NEXT;
		}
		if ((TITLES.has(word) || NAME.test(words[i])) && nameAt(words, lower, i + 1)) {
			roles[i] |= NEEDS_NEXT;
		}
		if (SPEECH_VERBS.has(word) || INVERTED_SUBJECT.test(word)) roles[i] |= CLINGS_TO_PREVIOUS;
	}
	return roles;
}
