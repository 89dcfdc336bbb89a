import type { Sentence } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';

/** Sentences from plain strings, on page 1, indexed in order. */
export function sentencesOf(...texts: string[]): Sentence[] {
	return texts.map((text, index) => ({ index, page: 1, text, words: countWords(text) }));
}
