import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLexiconFile } from '../../server/lexicon/lexicon-file.ts';
import { segmentSentences } from '../../src/lib/shared/text/segment.ts';
import type { Lexicon } from '../../src/lib/shared/text/lexicon.ts';
import { VocabularyAnalysis } from '../../src/lib/vocabulary/coverage.ts';
import { greedySetCover } from '../../src/lib/vocabulary/set-cover.ts';
import type { VocabSentence } from '../../src/lib/vocabulary/types.ts';
import { parseWordList, resolveWordList } from '../../src/lib/vocabulary/word-list.ts';

/** The fixture book: the Bovary excerpt, one sentence per item. */
function fixtureBook(): VocabSentence[] {
	const text = readFileSync(new URL('../fixtures/bovary-excerpt.txt', import.meta.url), 'utf8');
	return segmentSentences(text.replace(/\s+/g, ' ')).map((s, index) => ({
		book: 'bovary',
		index,
		part: 0,
		page: 1,
		text: s
	}));
}

const LIST = `mot;traduction
aller;to go
être
avoir
le
de
il
elle
homme
femme
cheval
maison
yeux
beau
grand
petit
voir
faire
dire
prendre
venir
porte
main
tête
jour
zeugme
xylophone`;

let lexicon: Lexicon;
let book: VocabSentence[];
let analysis: VocabularyAnalysis;

beforeAll(() => {
	lexicon = loadLexiconFile();
	book = fixtureBook();
	analysis = new VocabularyAnalysis(lexicon, resolveWordList(parseWordList(LIST), lexicon));
}, 60_000);

/** The list words a sentence holds, by the same reading coverage uses. */
function wordsIn(text: string): Set<string> {
	const out = new Set<string>();
	for (const token of analysis.reader.read(text)) {
		for (const reading of token.words) {
			for (const id of analysis.list.matches(reading)) out.add(analysis.list.words[id].word);
		}
	}
	return out;
}

describe('the word list', () => {
	it('takes the first field of each line, skips a header, comments and repeats', () => {
		expect(
			parseWordList('\ufeffword,meaning\nmaison,house\n# note\n"Chat"\tcat\nmaison\n\nchat')
		).toEqual(['maison', 'Chat']);
	});

	it('reads inflected entries as their lemmas and keeps unknown words as written', () => {
		const [allait, suis, zorglub] = resolveWordList(['allait', 'suis', 'zorglub'], lexicon);
		expect(allait.lemmas).toEqual(['aller']);
		expect(suis.lemmas).toEqual(['être', 'suivre']);
		expect(zorglub.lemmas).toEqual(['zorglub']);
	});
});

describe('coverage on the fixture book', () => {
	it('covers every list word the book holds, each in a chosen sentence that really has it', () => {
		const result = analysis.coverage(book);
		expect(result.chosen.length).toBeGreaterThan(0);
		const inBook = new Set(book.flatMap((s) => [...wordsIn(s.text)]));
		const coveredByChosen = new Set<string>();
		for (const c of result.chosen) {
			const held = wordsIn(c.sentence.text);
			expect(c.covers.length).toBeGreaterThan(0);
			for (const word of c.covers) {
				expect(held.has(word)).toBe(true);
				coveredByChosen.add(word);
			}
		}
		expect([...coveredByChosen].sort()).toEqual([...inBook].sort());
		expect(result.coveredCount).toBe(inBook.size);
		expect(result.missing).toContain('zeugme');
		expect(result.missing).toContain('xylophone');
		expect(result.missing.length + result.coveredCount).toBe(result.listSize);
	});

	it('chooses no sentence that could be dropped without losing a word', () => {
		const { chosen } = analysis.coverage(book);
		const held = chosen.map((c) => wordsIn(c.sentence.text));
		held.forEach((mine, i) => {
			const others = new Set(held.filter((_, j) => j !== i).flatMap((s) => [...s]));
			expect([...mine].some((w) => !others.has(w))).toBe(true);
		});
	});

	it('gives the chosen sentences in book order with highlights on real words', () => {
		const { chosen } = analysis.coverage(book);
		const order = chosen.map((c) => c.sentence.index);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		for (const c of chosen) {
			expect(c.marks.length).toBeGreaterThan(0);
			for (const m of c.marks) expect(c.sentence.text.slice(m.start, m.end)).toMatch(/^\p{L}/u);
		}
	});

	it('matches inflected forms by lemma (allait, irons and va count for aller)', () => {
		const sentences = ['Il allait loin.', 'Nous irons demain.', 'Elle va bien.'].map(
			(text, index): VocabSentence => ({ book: 'b', index, part: 0, page: 1, text })
		);
		const a = new VocabularyAnalysis(lexicon, resolveWordList(['aller'], lexicon));
		const result = a.coverage(sentences);
		expect(result.coveredCount).toBe(1);
		expect(result.chosen).toHaveLength(1);
		// All three hold one list word in three words: the tie goes to the earliest.
		expect(result.chosen[0].sentence.text).toBe('Il allait loin.');
		expect(
			result.chosen[0].sentence.text.slice(
				result.chosen[0].marks[0].start,
				result.chosen[0].marks[0].end
			)
		).toBe('allait');
	});
});

describe('greedy set cover', () => {
	it('breaks ties on gain by the lower cost', () => {
		expect(
			greedySetCover(
				[
					{ elements: [0, 1], cost: 9 },
					{ elements: [0, 1], cost: 3 }
				],
				2
			)
		).toEqual([1]);
	});

	it('drops a set that later picks made redundant', () => {
		// Greedy takes the four-element set first, then needs both others for 4 and 5, which
		// together already hold 0–3: the first pick must go.
		const sets = [
			{ elements: [0, 1, 2, 3], cost: 4 },
			{ elements: [0, 1, 4], cost: 3 },
			{ elements: [2, 3, 5], cost: 3 }
		];
		expect(greedySetCover(sets, 6)).toEqual([1, 2]);
	});
});

describe('i+1 sentences', () => {
	it('have exactly one unknown lemma each, ranked by how often it occurs in the book', () => {
		const known = new Set<string>();
		// A list of the book's commonest words, so that i+1 sentences exist.
		for (const s of book) {
			for (const t of analysis.reader.read(s.text))
				for (const r of t.words) if (!r.skip) known.add(r.lemma);
		}
		const common = [...known].filter((_, i) => i % 4 !== 0);
		const a = new VocabularyAnalysis(lexicon, resolveWordList(common, lexicon));
		const result = a.iPlusOne(book);
		expect(result.length).toBeGreaterThan(0);
		for (const item of result) {
			const unknown = new Set<string>();
			for (const t of a.reader.read(item.sentence.text)) {
				for (const r of t.words) if (!r.skip && !a.list.knows(r)) unknown.add(r.lemma);
			}
			expect([...unknown]).toEqual([item.newWord]);
			expect(item.marks.length).toBeGreaterThan(0);
		}
		const freq = result.map((r) => r.frequency);
		expect(freq).toEqual([...freq].sort((x, y) => y - x));
	});
});

describe("a book's profile", () => {
	it('counts the running words the list knows and the commonest it lacks', () => {
		const [profile] = analysis.profiles(book);
		expect(profile.book).toBe('bovary');
		expect(profile.knownWords).toBeGreaterThan(0);
		expect(profile.knownWords).toBeLessThan(profile.runningWords);
		const counts = profile.missing.map((m) => m.count);
		expect(counts).toEqual([...counts].sort((x, y) => y - x));
		expect(profile.missing.map((m) => m.lemma)).not.toContain('le');
	});
});
