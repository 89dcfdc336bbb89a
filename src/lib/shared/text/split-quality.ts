/**
 * How well the mechanical splitter cut a book (issue 13): how many pieces end on a word that
 * needs what follows ("il avait." / "C'est." / "jusqu'à."), how many cut a name in two ("le
 * baron." / "De Mordicourt rentra…"), how many are over the limit, and whether every source
 * word is still there exactly once. Only the pieces before the last of a sentence can dangle:
 * the last ends where the author ended. The word lists are small and fixed on purpose, so
 * the count means the same thing from one run to the next.
 */

import { words } from './word-count.ts';

/** Why a piece dangles: the class of its last word, or a name cut at its end. */
export type DanglingKind =
	| 'article'
	| 'preposition'
	| 'auxiliary'
	| 'pronoun'
	| 'que_qui'
	| 'title'
	| 'name'
	| 'conjunction';

/** Every kind, in the order reports list them. */
export const DANGLING_KINDS: readonly DanglingKind[] = [
	'article',
	'preposition',
	'auxiliary',
	'pronoun',
	'que_qui',
	'title',
	'name',
	'conjunction'
];

/** Articles and determiners: they always need their noun. */
const ARTICLES = new Set(
	'le la les un une des du au aux ce cet cette ces mon ton son ma ta sa mes tes ses notre votre nos vos leurs quelques chaque plusieurs'.split(
		' '
	)
);
/**
 * Prepositions that cannot end a clause. "avant", "après", "depuis", "devant", "derrière",
 * "contre" and "dessus" are left out: they end one as adverbs ("deux jours après.").
 */
const PREPOSITIONS = new Set(
	'à de en par pour sur sous dans avec sans chez vers entre parmi selon dès jusque jusqu malgré envers hormis'.split(
		' '
	)
);
/** Finite forms of avoir and être: a participle or a complement always follows them. */
const AUXILIARIES = new Set(
	(
		'ai as a avons avez ont avais avait avions aviez avaient eus eut eûmes eûtes eurent aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient aie aies ait ayons ayez aient eusse eût ' +
		'suis es est sommes êtes sont étais était étions étiez étaient fus fut fûmes fûtes furent serai seras sera serons serez seront serais serait serions seriez seraient sois soit soyons soyez soient fusse fût'
	).split(' ')
);
/**
 * Subject and unstressed object pronouns, and "ne". "elle(s)", "nous" and "vous" are also
 * stressed forms ("avec elle."), so they count only when no preposition stands before them.
 */
const PRONOUNS = new Set('je j tu il ils on me m te t se s y ne n'.split(' '));
const STRESSABLE = new Set(['elle', 'elles', 'nous', 'vous', 'lui']);
const QUE_QUI = new Set([
	'que',
	'qu',
	'qui',
	'dont',
	'lequel',
	'laquelle',
	'lesquels',
	'lesquelles'
]);
/** Titles that a name follows: "M. | Homais", "le baron | de Mordicourt". */
const TITLES = new Set(
	'm mm mme mmes mlle mlles mgr dr monsieur madame mademoiselle messieurs monseigneur baron baronne comte comtesse duc duchesse marquis marquise vicomte vicomtesse prince princesse chevalier abbé docteur maître saint sainte sieur dame don dom père frère sœur mère capitaine général colonel lieutenant roi reine cardinal'.split(
		' '
	)
);
const CONJUNCTIONS = new Set(
	'et mais ou ni car or si quand lorsque puisque quoique comme parce tandis afin'.split(' ')
);
const BEFORE_STRESSED = new Set([...PREPOSITIONS, 'c', 'est', 'était', 'que', 'qu', 'et', 'ou']);

const CAPITAL = /^\p{Lu}/u;
const NAME = /^\p{Lu}.*\p{Ll}/u;
const NUMBER =
	/^(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|cents|mille|quelques|[\p{L}]+-[\p{L}-]+)$/u;
const ELISION = /^(?:\p{L}+['’])+/u;

/** A word as the lists hold it: lower case, straight apostrophe. */
function plain(word: string): string {
	return word.toLowerCase().replaceAll('’', "'");
}

/**
 * The word whose class decides a piece's end: "jusqu'à" ends on "à", "qu'il" on "il",
 * "l'avait" on "avait". An elision alone ("qu'") ends on itself.
 */
function lastPart(word: string): { part: string; elided: string[] } {
	const w = plain(word);
	// Pronouns and adverbs written with an apostrophe: "l'un", "quelqu'un", "aujourd'hui".
	if (/^(?:l'une?|quelqu'une?|aujourd'hui)$/u.test(w)) return { part: w, elided: [] };
	const pieces = w.split("'");
	const part = pieces.at(-1) === '' ? pieces.at(-2)! : pieces.at(-1)!;
	return { part, elided: pieces.slice(0, -1).filter(Boolean) };
}

/**
 * Why a piece that ends on word `i` of `list` (a sentence's words) leaves the reader hanging,
 * or null if it does not; `gap` is the source text between word i and word i + 1.
 */
export function danglingKind(list: readonly string[], i: number, gap: string): DanglingKind | null {
	const last = list[i];
	const { part, elided } = lastPart(last);
	const before = i > 0 ? lastPart(list[i - 1]).part : undefined;
	if (i + 1 < list.length && isNameCut(list, i, part, gap)) {
		return TITLES.has(part) ? 'title' : 'name';
	}
	// An inversion ("dit-il", "a-t-on", "prends-le") ends its clause, and so does punctuation
	// ("qu'il avait, | au fond"; "le peu qu'il avait. | Je faisais").
	if (/-/u.test(part) || /[,;:.!?…]/u.test(gap)) return null;
	// "cent sous", "dix-neuf sous": the coin, not the preposition.
	if (part === 'sous' && before && NUMBER.test(before)) return null;
	if (QUE_QUI.has(part)) return 'que_qui';
	if (ARTICLES.has(part)) return 'article';
	if (PREPOSITIONS.has(part)) return 'preposition';
	if (AUXILIARIES.has(part)) return 'auxiliary';
	if (PRONOUNS.has(part)) return 'pronoun';
	// "elle", "nous", "vous" after a preposition or "c'est" are stressed: "avec elle."
	if (STRESSABLE.has(part) && (elided.length > 0 || !before || !BEFORE_STRESSED.has(before))) {
		// "lui" ends a clause often ("c'est lui"); only after a subject ("il lui") does it dangle.
		if (part === 'lui') return before && PRONOUNS.has(before) ? 'pronoun' : null;
		return /[,;:]/u.test(gap) ? null : 'pronoun';
	}
	// "d'or", "l'or": the metal, not the conjunction.
	if (CONJUNCTIONS.has(part) && elided.length === 0) return 'conjunction';
	return null;
}

/** "le baron | de Mordicourt", "M. | Homais", "Jean | Valjean": a title or name parted from its name. */
function isNameCut(list: readonly string[], i: number, part: string, gap: string): boolean {
	// Punctuation between them ("Paris, Londres") is a list, not one name.
	if (/[^\s.]/u.test(gap)) return false;
	const next = list[i + 1];
	const nextPlain = plain(next);
	const particle =
		(nextPlain === 'de' && i + 2 < list.length && CAPITAL.test(list[i + 2])) ||
		/^d['’]\p{Lu}/u.test(next);
	if (TITLES.has(part)) return CAPITAL.test(next) || particle;
	if (gap.includes('.')) return false;
	// Two capitalised words in a row inside a sentence ("Jean Valjean"); the sentence's first
	// word is capitalised anyway, so a cut after it is judged as any other.
	// Words in capitals ("PREMIÈRE PARTIE", "I II III") are headings, not names.
	return i > 0 && NAME.test(list[i].replace(ELISION, '')) && (CAPITAL.test(next) || particle);
}

/** One sentence as the splitter saw it, and the pieces it gave. */
export interface SplitSample {
	source: string;
	pieces: readonly string[];
}

/** A dangling piece, for the report. */
export interface DanglingExample {
	kind: DanglingKind;
	piece: string;
	next: string;
}

/** What a book's mechanical splits look like. */
export interface SplitQuality {
	/** Sentences that were split (over the limit). */
	sentences: number;
	pieces: number;
	danglingPieces: number;
	byKind: Record<DanglingKind, number>;
	/** danglingPieces / pieces, 0 when there are none. */
	rate: number;
	overLimit: number;
	/** Source words missing from the pieces, and pieces' words beyond the source's. */
	wordsLost: number;
	wordsDuplicated: number;
	examples: DanglingExample[];
}

/** Counts the dangling pieces, the pieces over `limit` and the words lost or duplicated. */
export function measureSplits(
	samples: Iterable<SplitSample>,
	limit: number,
	keepExamples = 20
): SplitQuality {
	const byKind = Object.fromEntries(DANGLING_KINDS.map((k) => [k, 0])) as Record<
		DanglingKind,
		number
	>;
	const q: SplitQuality = {
		sentences: 0,
		pieces: 0,
		danglingPieces: 0,
		byKind,
		rate: 0,
		overLimit: 0,
		wordsLost: 0,
		wordsDuplicated: 0,
		examples: []
	};
	for (const { source, pieces } of samples) {
		q.sentences++;
		q.pieces += pieces.length;
		const sourceWords = words(source);
		const pieceWords = pieces.map(words);
		for (const list of pieceWords) if (list.length > limit) q.overLimit++;
		const { lost, extra } = wordDifference(sourceWords, pieceWords.flat());
		q.wordsLost += lost;
		q.wordsDuplicated += extra;
		if (lost > 0 || extra > 0) continue;
		const gaps = gapsBetween(source, sourceWords);
		let at = 0;
		for (let k = 0; k + 1 < pieces.length; k++) {
			at += pieceWords[k].length;
			if (pieceWords[k].length === 0) continue;
			const kind = danglingKind(sourceWords, at - 1, gaps[at - 1] ?? ' ');
			if (kind === null) continue;
			q.danglingPieces++;
			byKind[kind]++;
			if (q.examples.length < keepExamples) {
				q.examples.push({ kind, piece: pieces[k], next: pieces[k + 1] });
			}
		}
	}
	q.rate = q.pieces === 0 ? 0 : q.danglingPieces / q.pieces;
	return q;
}

/** Words (case aside) missing from `after`, and words `after` has beyond `before`'s. */
export function wordDifference(
	before: readonly string[],
	after: readonly string[]
): { lost: number; extra: number } {
	const counts = new Map<string, number>();
	for (const w of before) counts.set(plain(w), (counts.get(plain(w)) ?? 0) + 1);
	let extra = 0;
	for (const w of after) {
		const n = counts.get(plain(w)) ?? 0;
		if (n > 0) counts.set(plain(w), n - 1);
		else extra++;
	}
	let lost = 0;
	for (const n of counts.values()) lost += n;
	return { lost, extra };
}

/** The text between each word and the next in `text` (the gap after word i). */
function gapsBetween(text: string, list: readonly string[]): string[] {
	const flat = text.replace(/[\u2010\u2011]/gu, '-');
	const gaps: string[] = [];
	let end = flat.indexOf(list[0]) + (list[0]?.length ?? 0);
	for (let i = 0; i + 1 < list.length; i++) {
		const start = flat.indexOf(list[i + 1], end);
		if (start < 0) break;
		gaps.push(text.slice(end, start));
		end = start + list[i + 1].length;
	}
	return gaps;
}
