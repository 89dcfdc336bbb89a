/** The files `process` writes: JSON for programs and measurements, CSV as the app exports it. */
import { exportRows, toCsv } from '../../src/lib/export/table-export.ts';
import type { SkippedPage } from '../../src/lib/shared/pipeline/page-ranges.ts';
import type { ResultRow } from '../../src/lib/shared/pipeline/merge.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';

/** What the JSON file says about the run, beside its sentences. */
export interface ResultMeta {
	file: string;
	mode: 'mechanical' | 'ai';
	limit: number;
	pageCount: number;
	skippedPages: SkippedPage[];
	unreadablePages: number[];
	failedChunks: number;
}

/**
 * One entry per source sentence, in book order: its page, text and word count, and its
 * outputs with theirs. `how` is the result's source; "pending" marks a failed chunk's sentence.
 */
export function resultJson(meta: ResultMeta, rows: readonly ResultRow[]): string {
	const sentences = rows.map((r) => ({
		index: r.index,
		page: r.page,
		source: r.source,
		sourceWords: r.sourceWords,
		output: r.output,
		outputWords: r.output.map(countWords),
		how: r.outputSource
	}));
	return JSON.stringify({ ...meta, sentences }, null, 2) + '\n';
}

/** The app's CSV export: one row per output sentence. */
export function resultCsv(rows: readonly ResultRow[]): string {
	return toCsv(exportRows(rows));
}
