/**
 * The reader's word list, from pasted text or a .txt/.csv file, read into lemmas. One entry per
 * line; a line's first field counts (a tab, a semicolon or a comma ends it), so an Anki export or
 * a two-column vocabulary sheet works as is. Lines starting with # and a header such as
 * "word" or "mot" are skipped.
 */
import { lexicalUnits, tokenize } from '../shared/text/lemma.ts';
import { foldForm, type Lexicon } from '../shared/text/lexicon.ts';
import type { ListWord } from './types.ts';

const HEADERS = new Set(['word', 'words', 'mot', 'mots', 'lemma', 'lemme', 'front', 'french']);

/** The entries of a list, in order, each once (case and apostrophes folded for the check). */
export function parseWordList(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const field = line
			.split(/[\t;,]/)[0]
			.trim()
			.replace(/^"(.*)"$/, '$1')
			.trim();
		const key = foldForm(field);
		if (field === '' || seen.has(key) || (out.length === 0 && HEADERS.has(key))) continue;
		seen.add(key);
		out.push(field);
	}
	return out;
}

/**
 * The lemmas each list word stands for. A word that is itself a lemma stands for that lemma
 * (été the season stays été); an inflected one for all its lemmas (suis: être and suivre); a
 * word the lexicon lacks stands for itself, so names and rare words still match as written.
 * A multi-word entry (s'en aller) stands for each of its words' lemmas.
 */
export function resolveWordList(words: readonly string[], lexicon: Lexicon): ListWord[] {
	return words.map((word) => {
		const lemmas = new Set<string>();
		for (const token of tokenize(word)) {
			for (const unit of lexicalUnits(token.text, lexicon)) {
				if (unit.lemmas.length === 0 || lexicon.isLemma(unit.text)) lemmas.add(unit.text);
				else for (const lemma of unit.lemmas) lemmas.add(lemma);
			}
		}
		return { word, lemmas: [...lemmas] };
	});
}
