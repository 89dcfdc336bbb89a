/**
 * The closed classes alone (articles, prepositions, pronouns, auxiliaries, conjunctions, ne)
 * as a Lexicon, built from the bundled function-words.ts: for code that must know "is this a
 * preposition?" synchronously and offline, without loading the 3 MB full lexicon.
 */
import { FUNCTION_WORD_ROWS } from './function-words.ts';
import { lexiconFromEntries, POS_CODES, type Lexicon } from './lexicon.ts';

let built: Lexicon | undefined;

/** The function-word lexicon (about 420 forms), built on the first call. */
export function functionWordLexicon(): Lexicon {
	built ??= lexiconFromEntries(
		FUNCTION_WORD_ROWS.map(
			([form, lemma, code]) => [form, { lemma, pos: POS_CODES[code] }] as const
		)
	);
	return built;
}
