/**
 * Reads sentences into lemmas for the vocabulary tool, remembering each distinct token: a
 * novel has about 15 times more running words than distinct ones, so most lookups are free.
 */
import { lexicalUnits, tokenize } from '../shared/text/lemma.ts';
import type { Lexicon } from '../shared/text/lexicon.ts';

/** A dictionary word of a token, as coverage sees it. */
export interface WordReading {
	/** Every lemma it may have; the unit itself when the lexicon lacks it. */
	lemmas: readonly string[];
	/** The lemma that names it (the most likely one). */
	lemma: string;
	/** Not a word a learner studies: a number, or a capitalised word the lexicon lacks (a name). */
	skip: boolean;
}

/** A token of a sentence with its readings. */
export interface ReadToken {
	start: number;
	end: number;
	words: readonly WordReading[];
}

const NUMBER = /^\p{N}+$/u;
const CAPITAL = /^\p{Lu}/u;

/** Tokens to readings, with a cache of what each distinct token gave. */
export class TextReader {
	readonly #lexicon: Lexicon;
	readonly #cache = new Map<string, readonly WordReading[]>();

	constructor(lexicon: Lexicon) {
		this.#lexicon = lexicon;
	}

	/** The tokens of `text` and what each reads as. */
	read(text: string): ReadToken[] {
		return tokenize(text).map((token) => ({
			start: token.start,
			end: token.end,
			words: this.readToken(token.text)
		}));
	}

	/** What one token reads as (l'homme: le, homme). */
	readToken(token: string): readonly WordReading[] {
		let words = this.#cache.get(token);
		if (!words) {
			const skipAll = NUMBER.test(token);
			words = lexicalUnits(token, this.#lexicon).map((unit) => {
				const known = unit.lemmas.length > 0;
				return {
					lemmas: known ? unit.lemmas : [unit.text],
					lemma: known ? unit.lemmas[0] : unit.text,
					skip: skipAll || (!known && CAPITAL.test(token))
				};
			});
			this.#cache.set(token, words);
		}
		return words;
	}
}
