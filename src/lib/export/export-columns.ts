/** Which columns a table export holds, and the table itself: one row per output sentence. */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { countWords } from '../shared/text/word-count.ts';

/** The columns a reader can choose, in the order they appear. */
export const EXPORT_COLUMNS = ['index', 'page', 'source', 'output', 'words', 'how'] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * Header names when the caller gives none: the names the app's CSV has always had, which
 * programs reading the files may rely on (`sentence` is the 1-based sentence number).
 */
export const DEFAULT_HEADERS: Record<ExportColumn, string> = {
	index: 'sentence',
	page: 'page',
	source: 'source',
	output: 'output',
	words: 'words',
	how: 'how'
};

/** A cell: numbers stay numbers so a spreadsheet can sort and sum them. */
export type ExportCell = string | number;

/** A table ready for any table format: its chosen columns, header and body. */
export interface ExportTable {
	columns: ExportColumn[];
	header: string[];
	body: ExportCell[][];
}

/**
 * An output's word count. An output equal to its source has the source's count, already
 * stored: counting 20,000 sentences again with Intl.Segmenter is most of a CSV's time.
 */
export function outputWords(row: ResultRow, output: string): number {
	return output === row.source ? row.sourceWords : countWords(output);
}

/** How an output was made; a reader's edit wins over the model or the splitter. */
export function howMade(row: ResultRow): string {
	return row.edited ? 'edited' : row.outputSource;
}

/**
 * One body row per output sentence, so a spreadsheet gets one short sentence a line; the
 * source sentence sits on its first output's row only, so it is read once. A sentence still
 * pending has no output and no row.
 */
export function exportTable(
	rows: readonly ResultRow[],
	columns: readonly ExportColumn[] = EXPORT_COLUMNS,
	headers: Record<ExportColumn, string> = DEFAULT_HEADERS
): ExportTable {
	// Keep the reader's choice in the app's order, whatever order it was ticked in.
	const chosen = EXPORT_COLUMNS.filter((c) => columns.includes(c));
	const body: ExportCell[][] = [];
	for (const r of rows) {
		const how = howMade(r);
		r.output.forEach((s, k) => {
			body.push(
				chosen.map((c) => {
					switch (c) {
						case 'index':
							return r.index + 1;
						case 'page':
							return r.page;
						case 'source':
							return k === 0 ? r.source : '';
						case 'output':
							return s;
						case 'words':
							return outputWords(r, s);
						case 'how':
							return how;
					}
				})
			);
		});
	}
	return { columns: chosen, header: chosen.map((c) => headers[c]), body };
}

/** The table as text cells, header first: what CSV, TSV and Google Sheets take. */
export function tableCells(table: ExportTable): string[][] {
	return [table.header, ...table.body.map((row) => row.map(String))];
}
