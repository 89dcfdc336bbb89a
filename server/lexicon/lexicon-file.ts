/**
 * The lexicon in Node (CLI, tests, bench): read once from static/lexicon/lefff-fr.txt, the
 * same file the app fetches, and kept for the process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLexicon, type Lexicon } from '../../src/lib/shared/text/lexicon.ts';

/** Where the generated lexicon sits in the repository. */
export const LEXICON_PATH = fileURLToPath(
	new URL('../../static/lexicon/lefff-fr.txt', import.meta.url)
);

let loaded: Lexicon | undefined;

/** The full lexicon, parsed on the first call. */
export function loadLexiconFile(): Lexicon {
	loaded ??= parseLexicon(readFileSync(LEXICON_PATH, 'utf8'));
	return loaded;
}
