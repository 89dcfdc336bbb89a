/**
 * Rejoins words that typesetting hyphenated at a line end ("mar-" + "che" → "marche") while
 * keeping true compounds ("peut-" + "être" → "peut-être"). Joining every "-\n" is wrong for
 * French, which hyphenates verb–pronoun inversions (avez-vous, dit-il, a-t-il), numbers
 * (quatre-vingt-trois) and many compounds. The book itself is the best witness: a form seen
 * whole elsewhere in it ("peut-être" mid-line, or "marche") settles the case; French
 * patterns decide the rest, and a plain word split is the default.
 */

/** Words and hyphenated pairs seen in a book away from line ends, lower-cased. */
export interface Lexicon {
	/** Runs of letters: "peut", "être", "marche". */
	words: Set<string>;
	/** Letter runs joined by a hyphen: "peut-être", "ten-tronckh". */
	pairs: Set<string>;
}

const LETTERS = /[\p{L}\p{M}]+/gu;
const PAIR = /([\p{L}\p{M}]+)-(?=([\p{L}\p{M}]+))/gu;
/** A line that ends inside a word (or a number range): a letter or digit, then a hyphen. */
const BREAK_HYPHEN = /[\p{L}\p{M}\p{N}][-\u2010\u00AD]$/u;

/** Pronouns and particles that follow a verb or a word after a hyphen. */
const AFTER_HYPHEN = new Set([
	'je',
	'tu',
	'il',
	'elle',
	'on',
	'nous',
	'vous',
	'ils',
	'elles',
	'le',
	'la',
	'les',
	'lui',
	'leur',
	'moi',
	'toi',
	'y',
	'en',
	'ce',
	't',
	'ci',
	'là',
	'à',
	'même',
	'mêmes',
	'être',
	'dessus',
	'dessous',
	'delà',
	'deçà',
	'devant',
	'dedans',
	'dehors'
]);

/** First parts that are joined by a hyphen and never begin a solid word. */
const PREFIXES = new Set([
	'après',
	'arrière',
	'avant',
	'demi',
	'semi',
	'quasi',
	'vice',
	'grand',
	'grande',
	'petit',
	'petite',
	'belle',
	'chef',
	'garde',
	'très',
	'arc',
	'sans',
	'nord',
	'sud',
	'à',
	'là',
	't'
]);

const NUMBERS = new Set([
	'un',
	'deux',
	'trois',
	'quatre',
	'cinq',
	'six',
	'sept',
	'huit',
	'neuf',
	'dix',
	'onze',
	'douze',
	'treize',
	'quatorze',
	'quinze',
	'seize',
	'vingt',
	'vingts',
	'trente',
	'quarante',
	'cinquante',
	'soixante',
	'cent',
	'cents',
	'mille',
	'et'
]);

/** Whether `line` ends with a hyphen that may split a word. */
export function endsWithBreakHyphen(line: string): boolean {
	// Only the last two characters matter; testing them alone keeps long paragraphs linear.
	return BREAK_HYPHEN.test(line.slice(-2));
}

/** Collects the lexicon from a book's lines, in reading order, skipping split fragments. */
export function buildLexicon(lines: Iterable<string>): Lexicon {
	const lexicon: Lexicon = { words: new Set(), pairs: new Set() };
	let afterBreak = false;
	for (const line of lines) {
		const breaks = endsWithBreakHyphen(line);
		// Leave out the fragments on either side of a line-end hyphen.
		let [start, end] = [0, line.length];
		if (afterBreak) start = line.includes(' ') ? line.indexOf(' ') + 1 : line.length;
		if (breaks) end = Math.max(0, line.lastIndexOf(' '));
		afterBreak = breaks;
		if (end <= start) continue;
		const kept = line.slice(start, end).toLowerCase();
		for (const word of kept.match(LETTERS) ?? []) lexicon.words.add(word);
		if (!kept.includes('-')) continue;
		for (const [, a, b] of kept.matchAll(PAIR)) lexicon.pairs.add(`${a}-${b}`);
	}
	return lexicon;
}

/**
 * Whether the hyphen between `left` (the token before the line-end hyphen, without it) and
 * `right` (the first token of the next line) belongs to the word.
 */
export function keepsHyphen(left: string, right: string, lexicon: Lexicon): boolean {
	const leftRun = left.match(LETTERS)?.at(-1) ?? '';
	const rightRuns = right.match(LETTERS) ?? [];
	const rightRun = rightRuns[0] ?? '';
	if (!leftRun.length || !/^[\p{L}\p{M}]/u.test(right)) return true;
	const [l, r] = [leftRun.toLowerCase(), rightRun.toLowerCase()];
	if (lexicon.pairs.has(`${l}-${r}`)) return true;
	if (lexicon.words.has(l + r)) return false;
	if (AFTER_HYPHEN.has(r) || PREFIXES.has(l)) return true;
	if (NUMBERS.has(l) && NUMBERS.has(r)) return true;
	const upper = (s: string) => s !== s.toLowerCase() && s === s.toUpperCase();
	const capitalised = (s: string) => /^\p{Lu}/u.test(s);
	// Jean-Baptiste, Saint-Simon; but "CHAPI-TRE" in capitals is one word.
	if (capitalised(rightRun) && !upper(leftRun)) return true;
	// A name whose next part is itself hyphenated: Thunder-ten-tronckh.
	if (capitalised(leftRun) && /^[\p{L}\p{M}]+-/u.test(right)) return true;
	return false;
}

/**
 * Joins `line` (ending with a hyphen) and `next` across the break: the hyphen stays for a
 * compound and goes for a split word. A soft hyphen always goes.
 */
export function joinBrokenWord(line: string, next: string, lexicon: Lexicon): string {
	const head = line.slice(0, -1);
	if (line.endsWith('\u00AD')) return head + next;
	const left = head.slice(Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n')) + 1);
	const right = next.split(/\s/u, 1)[0];
	return head + (keepsHyphen(left, right, lexicon) ? '-' : '') + next;
}

/** The lines of one paragraph as one string, words split at line ends rejoined. */
export function joinLines(lines: readonly string[], lexicon: Lexicon): string {
	let text = '';
	for (const line of lines) {
		if (text === '') text = line;
		else if (endsWithBreakHyphen(text)) text = joinBrokenWord(text, line, lexicon);
		else text += ' ' + line;
	}
	return text;
}
