/**
 * From running text to lemmas: tokens with their offsets, each token cut into the lexical units
 * a dictionary knows (l'homme → l' + homme, dit-il → dit + il, a-t-il → a + il; aujourd'hui and
 * peut-être stay whole because the lexicon has them), each unit read through the lexicon.
 *
 * Tokens come from a regular expression rather than Intl.Segmenter: coverage reads every word
 * of every sentence of several books, and the expression is many times faster while drawing
 * the same boundaries as word-count.ts on words (letters joined by apostrophes and hyphens).
 */
import { foldForm, type Lexicon, type Pos } from './lexicon.ts';

/** A word of the text, with where it sits (for highlighting). */
export interface Token {
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

/** One dictionary word inside a token. */
export interface LexUnit {
	/** As written, apostrophe kept (l', qu', homme). */
	readonly text: string;
	/** Lemmas, most likely first; empty when the lexicon does not know the unit. */
	readonly lemmas: readonly string[];
	readonly pos: readonly Pos[];
}

const TOKEN =
	/[\p{L}\p{N}]+(?:['\u2019\u02bc]+(?=[\p{L}\p{N}])|['\u2019\u02bc]|[-\u2010\u2011](?=[\p{L}\p{N}])|[\p{L}\p{N}\p{M}]+)*/gu;

/** The words of `text` with their offsets; punctuation and spaces are never part of one. */
export function tokenize(text: string): Token[] {
	const out: Token[] = [];
	for (const match of text.matchAll(TOKEN)) {
		out.push({ text: match[0], start: match.index, end: match.index + match[0].length });
	}
	return out;
}

/** The part before the first apostrophe, apostrophe included (l', qu', jusqu'), if any. */
const ELIDED_HEAD = /^([\p{L}]+')(.+)$/u;

/**
 * Cuts a token into the words the lexicon knows. A whole token the lexicon has stays whole;
 * otherwise an elided head (l', qu', j') comes off, then hyphens split (the euphonic t of
 * a-t-il is dropped). A part the lexicon does not know is still a unit, with no lemma.
 */
export function lexicalUnits(token: string, lexicon: Lexicon): LexUnit[] {
	const out: LexUnit[] = [];
	collectUnits(foldForm(token), lexicon, out);
	return out;
}

function collectUnits(form: string, lexicon: Lexicon, out: LexUnit[]): void {
	if (lexicon.has(form)) {
		out.push(unitOf(form, lexicon));
		return;
	}
	const elided = ELIDED_HEAD.exec(form);
	if (elided && lexicon.has(elided[1])) {
		out.push(unitOf(elided[1], lexicon));
		collectUnits(elided[2], lexicon, out);
		return;
	}
	const parts = form.split(/[-\u2010\u2011]/).filter((part) => part !== '');
	if (parts.length > 1) {
		for (let i = 0; i < parts.length; i++) {
			// a-t-il, va-t-on: the t only links two vowels.
			if (parts[i] === 't' && i > 0 && i < parts.length - 1) continue;
			collectUnits(parts[i], lexicon, out);
		}
		return;
	}
	// A trailing apostrophe the lexicon lacks (an elision at a line end): read the word bare.
	if (form.endsWith("'") && form.length > 1) {
		collectUnits(form.slice(0, -1), lexicon, out);
		return;
	}
	out.push({ text: form, lemmas: [], pos: [] });
}

function unitOf(form: string, lexicon: Lexicon): LexUnit {
	return { text: form, lemmas: lexicon.lemmasOf(form), pos: lexicon.posOf(form) };
}

/** The lemmas of a token, unit by unit (qu'il → que, il); an unknown unit gives itself. */
export function lemmatize(token: string, lexicon: Lexicon): string[] {
	return lexicalUnits(token, lexicon).map((unit) => unit.lemmas[0] ?? unit.text);
}

/** Whether every unit of the token is a French word by the lexicon (garbled text is not). */
export function isFrenchWord(token: string, lexicon: Lexicon): boolean {
	const units = lexicalUnits(token, lexicon);
	return units.length > 0 && units.every((unit) => unit.lemmas.length > 0);
}
