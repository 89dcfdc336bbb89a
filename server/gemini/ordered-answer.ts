/**
 * Matches an answer given in input order, with no keys, to the items it answers. When the
 * model returns one entry per item, entry k answers item k. When it returns fewer or more
 * (it dropped or repeated an item), each entry is matched to the item whose content words it
 * carries, in order, so that one slip costs one item a re-ask rather than the whole chunk;
 * an item left without an entry comes out missing, and the validator asks it again.
 */
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';
import { contentWords } from '../normalize/content-words.ts';
import type { AnswerItem } from './prompt.ts';

/** Share of an item's content words an entry must carry to be taken as its answer. */
const MATCH_COVERAGE = 0.5;

/** The answer's entries, each tagged with the `i` of the item it answers. */
export function alignAnswer(items: readonly ChunkItem[], entries: string[][]): AnswerItem[] {
	if (entries.length === items.length) {
		return entries.map((sentences, k) => ({ i: items[k].i, sentences }));
	}
	const out: AnswerItem[] = [];
	let next = 0;
	for (const item of items) {
		// Look a couple of entries ahead: past a repeated entry, never past the next item's.
		for (let k = next; k < Math.min(entries.length, next + 2); k++) {
			if (carries(item.text, entries[k])) {
				out.push({ i: item.i, sentences: entries[k] });
				next = k + 1;
				break;
			}
		}
	}
	return out;
}

/** Whether `sentences` carry at least half of the distinct content words of `source`. */
function carries(source: string, sentences: string[]): boolean {
	const wanted = new Set(contentWords(source));
	if (wanted.size === 0) return true;
	const found = new Set(sentences.flatMap(contentWords));
	let kept = 0;
	for (const w of wanted) if (found.has(w)) kept++;
	return kept / wanted.size >= MATCH_COVERAGE;
}
