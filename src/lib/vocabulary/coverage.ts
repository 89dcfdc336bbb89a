/**
 * The vocabulary tool's three answers over the sentences of one book or several: the fewest
 * sentences that hold every list word (coverage), the sentences with exactly one unknown word
 * (i+1), and how much of each book the list covers (profile). Pure: the worker and the CLI
 * both call it with a lexicon they loaded.
 */
import type { Lexicon } from '../shared/text/lexicon.ts';
import { ListIndex } from './list-index.ts';
import { greedySetCover } from './set-cover.ts';
import { TextReader, type ReadToken } from './text-reader.ts';
import type {
	BookProfile,
	CoverageResult,
	IPlusOneSentence,
	ListWord,
	Mark,
	VocabSentence
} from './types.ts';

/** How many missing words a profile lists. */
export const PROFILE_MISSING = 50;

/** The list and the lexicon, ready to read sentences. */
export class VocabularyAnalysis {
	readonly list: ListIndex;
	readonly reader: TextReader;
	/** Each sentence is read once per run, though coverage, i+1 and the profiles all walk it. */
	readonly #read = new Map<string, ReadToken[]>();

	constructor(lexicon: Lexicon, words: readonly ListWord[]) {
		this.list = new ListIndex(words);
		this.reader = new TextReader(lexicon);
	}

	/** The fewest sentences that together hold every list word the sentences contain. */
	coverage(sentences: readonly VocabSentence[]): CoverageResult {
		const listSize = this.list.words.length;
		const sets = sentences.map((s) => {
			const ids = new Set<number>();
			let words = 0;
			for (const token of this.#readSentence(s.text)) {
				for (const reading of token.words) {
					words++;
					for (const id of this.list.matches(reading)) ids.add(id);
				}
			}
			return { elements: Int32Array.from(ids), cost: words };
		});
		const picked = greedySetCover(sets, listSize);
		const found = new Uint8Array(listSize);
		for (const set of sets) for (const id of set.elements) found[id] = 1;

		// Each word goes to the first chosen sentence in book order that holds it.
		const inBookOrder = [...picked].sort((a, b) => a - b);
		const owner = new Int32Array(listSize).fill(-1);
		for (const i of inBookOrder) {
			for (const id of sets[i].elements) if (owner[id] < 0) owner[id] = i;
		}
		const chosen = inBookOrder.map((i) => {
			const mine = new Set([...sets[i].elements].filter((id) => owner[id] === i));
			const marks = this.#marks(sentences[i].text, (t) =>
				t.words.some((r) => this.list.matches(r).some((id) => mine.has(id)))
			);
			return {
				sentence: sentences[i],
				covers: [...mine].sort((a, b) => a - b).map((id) => this.list.words[id].word),
				marks
			};
		});
		const missing = this.list.words.filter((_, id) => !found[id]).map((w) => w.word);
		return { chosen, missing, listSize, coveredCount: listSize - missing.length };
	}

	/**
	 * Sentences where every word is on the list but one lemma (which may occur more than once),
	 * most frequent new word first, then shorter sentences, then book order.
	 */
	iPlusOne(sentences: readonly VocabSentence[]): IPlusOneSentence[] {
		const frequency = this.#lemmaFrequency(sentences);
		const out: (IPlusOneSentence & { order: number; length: number })[] = [];
		sentences.forEach((sentence, order) => {
			const tokens = this.#readSentence(sentence.text);
			let unknown: string | undefined;
			let single = true;
			let length = 0;
			for (const token of tokens) {
				for (const reading of token.words) {
					if (reading.skip) continue;
					length++;
					if (this.list.knows(reading)) continue;
					if (unknown === undefined) unknown = reading.lemma;
					else if (unknown !== reading.lemma) single = false;
				}
			}
			if (unknown === undefined || !single) return;
			const newWord = unknown;
			out.push({
				sentence,
				newWord,
				frequency: frequency.get(sentence.book)?.get(newWord) ?? 1,
				marks: this.#marks(sentence.text, (t) =>
					t.words.some((r) => !r.skip && r.lemma === newWord && !this.list.knows(r))
				),
				order,
				length
			});
		});
		out.sort((a, b) => b.frequency - a.frequency || a.length - b.length || a.order - b.order);
		return out.map(({ sentence, newWord, frequency, marks }) => ({
			sentence,
			newWord,
			frequency,
			marks
		}));
	}

	/** For each book: the share of its running words the list knows, and what it lacks most. */
	profiles(sentences: readonly VocabSentence[]): BookProfile[] {
		const byBook = new Map<
			string,
			{ running: number; known: number; missing: Map<string, number> }
		>();
		for (const sentence of sentences) {
			let book = byBook.get(sentence.book);
			if (!book) byBook.set(sentence.book, (book = { running: 0, known: 0, missing: new Map() }));
			for (const token of this.#readSentence(sentence.text)) {
				for (const reading of token.words) {
					if (reading.skip) continue;
					book.running++;
					if (this.list.knows(reading)) book.known++;
					else book.missing.set(reading.lemma, (book.missing.get(reading.lemma) ?? 0) + 1);
				}
			}
		}
		return [...byBook].map(([book, p]) => ({
			book,
			runningWords: p.running,
			knownWords: p.known,
			missing: [...p.missing]
				.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
				.slice(0, PROFILE_MISSING)
				.map(([lemma, count]) => ({ lemma, count }))
		}));
	}

	/** How often each lemma occurs in each book (words a learner studies only). */
	#lemmaFrequency(sentences: readonly VocabSentence[]): Map<string, Map<string, number>> {
		const out = new Map<string, Map<string, number>>();
		for (const sentence of sentences) {
			let counts = out.get(sentence.book);
			if (!counts) out.set(sentence.book, (counts = new Map()));
			for (const token of this.#readSentence(sentence.text)) {
				for (const r of token.words)
					if (!r.skip) counts.set(r.lemma, (counts.get(r.lemma) ?? 0) + 1);
			}
		}
		return out;
	}

	#readSentence(text: string): ReadToken[] {
		let tokens = this.#read.get(text);
		if (!tokens) this.#read.set(text, (tokens = this.reader.read(text)));
		return tokens;
	}

	#marks(text: string, marked: (token: ReadToken) => boolean): Mark[] {
		return this.reader
			.read(text)
			.filter(marked)
			.map((t) => ({ start: t.start, end: t.end }));
	}
}
