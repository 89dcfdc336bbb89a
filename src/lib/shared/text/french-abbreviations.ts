/**
 * French abbreviations that end with a period without ending the sentence
 * (ARCHITECTURE.md §2.4). ICU knows no French titles and breaks after "P." or "t." as
 * soon as a capital follows ("Le P. | Daubenton", "du t. | II"), so the segmenter and the
 * mechanical splitter ask here before treating such a period as the end of a clause.
 */

/** Titles that are always followed by a name: "M. Homais", "MM. Lehérissé", "Mgr. de Paris". */
const TITLES = new Set([
	'M',
	'MM',
	'Mme',
	'Mmes',
	'Mlle',
	'Mlles',
	'Mgr',
	'Mgrs',
	'Me',
	'Dr',
	'St',
	'Ste',
	'Sts',
	'Stes',
	'Vve'
]);

/** Never at a sentence end, whatever follows: "cf. Voltaire", "voy. t. II", "av. J.-C.". */
const LEADING = new Set(['cf', 'Cf', 'voy', 'Voy', 'av', 'apr', 'ex']);

/**
 * References that go on before a number ("t. II", "p. 445", "chap. 3"). Before a capital
 * they may well end the sentence: Flaubert writes "fruitier, etc. C'était un gaillard".
 */
const REFERENCES = new Set([
	't',
	'p',
	'pp',
	'chap',
	'ch',
	'vol',
	'liv',
	'art',
	'fig',
	'sect',
	'éd',
	'n',
	'no',
	'col',
	'fol',
	'etc'
]);

const LAST_WORD = /(\p{L}+)\.$/u;
const INITIAL = /^\p{Lu}$/u;
/** "Philippe V." is a king's number, not an initial, and may well end a sentence. */
const REGNAL_NUMBER = /\p{Lu}\p{Ll}+\s+[IVX]\.$/u;
const NUMBER = /^(?:\p{N}|[IVXLCDM]+(?:e|er|re|ème)?(?![\p{L}'’]))/u;
const LOWERCASE = /^\p{Ll}/u;

/** What kind of abbreviation a period ends: a title, an initial, a leading word or a reference. */
export type AbbreviationKind = 'title' | 'initial' | 'leading' | 'reference';

/** The abbreviation that `before` (text ending with a period) ends with, or null. */
export function abbreviationAt(before: string): AbbreviationKind | null {
	// The longest abbreviation is short, so a bounded tail keeps this O(1) per call.
	const tail = before.slice(-40);
	const word = LAST_WORD.exec(tail)?.[1];
	if (word === undefined) return null;
	if (TITLES.has(word)) return 'title';
	if (LEADING.has(word)) return 'leading';
	if (INITIAL.test(word)) return REGNAL_NUMBER.test(tail) ? null : 'initial';
	if (REFERENCES.has(word)) return 'reference';
	return null;
}

/** Whether the sentence goes on across a period: `before` ends with it, `after` follows it. */
export function continuesAfterAbbreviation(before: string, after: string): boolean {
	const kind = abbreviationAt(before);
	if (kind === null) return false;
	if (kind === 'reference') return NUMBER.test(after) || LOWERCASE.test(after);
	return true;
}
