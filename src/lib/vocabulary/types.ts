/** What the vocabulary tool reads and answers; everything here crosses to its worker by structured clone. */

/** One sentence of a book, as coverage reads it. */
export interface VocabSentence {
	/** The book (a job id in the app, the file in the CLI). */
	book: string;
	/** The source sentence's index in its book. */
	index: number;
	/** Which short sentence of that source sentence (0 when the source is used as is). */
	part: number;
	page: number;
	text: string;
}

/** A word of the reader's list and the lemmas it stands for. */
export interface ListWord {
	/** As the reader wrote it. */
	word: string;
	lemmas: string[];
}

/** Where a word sits in a sentence's text, to highlight it. */
export interface Mark {
	start: number;
	end: number;
}

/** A sentence picked by coverage, with the list words it brings. */
export interface ChosenSentence {
	sentence: VocabSentence;
	/** The list words this sentence covers, as the reader wrote them. */
	covers: string[];
	marks: Mark[];
}

/** The fewest sentences that hold every list word the books contain. */
export interface CoverageResult {
	/** In book order (the order the books were given, then sentence order). */
	chosen: ChosenSentence[];
	/** List words no sentence contains. */
	missing: string[];
	listSize: number;
	coveredCount: number;
}

/** A sentence whose words are all known but one. */
export interface IPlusOneSentence {
	sentence: VocabSentence;
	/** The one unknown word's lemma. */
	newWord: string;
	/** How often that lemma occurs in the sentence's book. */
	frequency: number;
	marks: Mark[];
}

/** How much of a book's running text the list covers. */
export interface BookProfile {
	book: string;
	runningWords: number;
	knownWords: number;
	/** The most frequent lemmas the list lacks, most frequent first. */
	missing: { lemma: string; count: number }[];
}
