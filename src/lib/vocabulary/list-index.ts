/** A reader's resolved list, indexed for lookups by lemma. */
import type { ListWord } from './types.ts';
import type { WordReading } from './text-reader.ts';

/** Which list words each lemma stands for. */
export class ListIndex {
	readonly words: readonly ListWord[];
	readonly #byLemma = new Map<string, number[]>();

	constructor(words: readonly ListWord[]) {
		this.words = words;
		words.forEach((word, id) => {
			for (const lemma of word.lemmas) {
				const ids = this.#byLemma.get(lemma);
				if (ids) ids.push(id);
				else this.#byLemma.set(lemma, [id]);
			}
		});
	}

	/** The ids of the list words a reading matches (any of its lemmas). */
	matches(reading: WordReading): number[] {
		if (reading.lemmas.length === 1) return this.#byLemma.get(reading.lemmas[0]) ?? [];
		const ids: number[] = [];
		for (const lemma of reading.lemmas) {
			for (const id of this.#byLemma.get(lemma) ?? []) if (!ids.includes(id)) ids.push(id);
		}
		return ids;
	}

	/** Whether the reader knows this word: one of its lemmas is on the list. */
	knows(reading: WordReading): boolean {
		return reading.lemmas.some((lemma) => this.#byLemma.has(lemma));
	}
}
