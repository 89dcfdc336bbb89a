/** One run of the vocabulary tool: what goes in and what comes out, for the worker and the CLI. */
import type { Lexicon } from '../shared/text/lexicon.ts';
import { VocabularyAnalysis } from './coverage.ts';
import type { BookProfile, CoverageResult, IPlusOneSentence, VocabSentence } from './types.ts';
import { resolveWordList } from './word-list.ts';

/** The reader's list (entries as written) and the sentences of the chosen books. */
export interface VocabularyRequest {
	words: string[];
	sentences: VocabSentence[];
}

/** Every answer of the tool, and how long the work took. */
export interface VocabularyAnswer {
	coverage: CoverageResult;
	iPlusOne: IPlusOneSentence[];
	profiles: BookProfile[];
	/** List words the lexicon does not know (matched as written). */
	unknownListWords: string[];
	ms: number;
}

/** Runs coverage, i+1 and the profiles over the request's sentences. */
export function runVocabulary(lexicon: Lexicon, request: VocabularyRequest): VocabularyAnswer {
	const started = performance.now();
	const list = resolveWordList(request.words, lexicon);
	const analysis = new VocabularyAnalysis(lexicon, list);
	const coverage = analysis.coverage(request.sentences);
	const iPlusOne = analysis.iPlusOne(request.sentences);
	const profiles = analysis.profiles(request.sentences);
	const unknownListWords = list
		.filter((w) => w.lemmas.every((lemma) => !lexicon.isLemma(lemma) && !lexicon.has(lemma)))
		.map((w) => w.word);
	return { coverage, iPlusOne, profiles, unknownListWords, ms: performance.now() - started };
}
