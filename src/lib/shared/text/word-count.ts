/**
 * The one word counter of the product (ARCHITECTURE.md §2.5). The browser, the relay,
 * the prompt and the UI all import it, so "8 words" means the same thing everywhere.
 *
 * A word is a word-like segment of Intl.Segmenter('fr'). ICU already keeps an elision
 * with its word (l'homme, qu'il, jusqu'ici), with both ' and ’. It splits hyphenated
 * compounds (peut-être, dit-il, a-t-il), so words joined by a hyphen with no space
 * around it are merged back into one. Punctuation is never a word.
 */

const wordSegmenter = new Intl.Segmenter('fr', { granularity: 'word' });

/** Hyphens that join a compound; en and em dashes mark dialogue and never join. */
const JOINING_HYPHENS = new Set(['-', '\u2010', '\u2011']);

/** The words of `text`, in order, as the counter sees them. */
export function words(text: string): string[] {
	const out: string[] = [];
	let pendingHyphen = false;
	let lastWordEnd = -1;
	for (const seg of wordSegmenter.segment(text)) {
		if (seg.isWordLike) {
			const joins = pendingHyphen && out.length > 0;
			if (joins) out[out.length - 1] += '-' + seg.segment;
			else out.push(seg.segment);
			lastWordEnd = seg.index + seg.segment.length;
			pendingHyphen = false;
		} else {
			// A hyphen joins only when it touches the previous word and the next one.
			pendingHyphen = JOINING_HYPHENS.has(seg.segment) && seg.index === lastWordEnd;
		}
	}
	return out;
}

/** How many words `text` has by the product's one rule. */
export function countWords(text: string): number {
	return words(text).length;
}
