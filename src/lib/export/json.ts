/** Everything about a book's sentences, for other programs. */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import type { ExportBook } from './export-book.ts';
import { outputWords } from './export-columns.ts';

/** One source sentence in the JSON file. */
export interface JsonSentence {
	index: number;
	page: number;
	source: string;
	sourceWords: number;
	output: string[];
	outputWords: number[];
	/** How the output was made: model, mechanical, unchanged, repaired, or pending (no output). */
	how: string;
	/** The reader changed the output by hand. */
	edited: boolean;
	/** What the model or the splitter gave, when the reader edited it. */
	original?: string[];
}

/**
 * The book's details, then one entry per source sentence in book order: its page, text and word
 * count, its outputs with theirs, how they were made, and the reader's edits (`edited`, and the
 * `original` output they replaced).
 */
export function toJson(book: ExportBook, rows: readonly ResultRow[], exportedAt: Date): string {
	const sentences: JsonSentence[] = rows.map((r) => ({
		index: r.index,
		page: r.page,
		source: r.source,
		sourceWords: r.sourceWords,
		output: r.output,
		outputWords: r.output.map((o) => outputWords(r, o)),
		how: r.outputSource,
		edited: r.edited,
		...(r.original ? { original: r.original } : {})
	}));
	return (
		JSON.stringify(
			{ ...book, exportedAt: exportedAt.toISOString(), sentenceCount: rows.length, sentences },
			null,
			2
		) + '\n'
	);
}
