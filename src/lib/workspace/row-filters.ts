import { countWords } from '../shared/text/word-count.ts';
import { matchesTerms, queryTerms } from './row-search.ts';
import type { WorkspaceRow } from './workspace-row.ts';

/** The kinds of row a reader can ask to see. */
export const ROW_FILTERS = [
	'rewritten',
	'split',
	'repaired',
	'unchanged',
	'edited',
	'over_limit'
] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

/** What the reader asked to see: text, kinds, and a page range (both ends included). */
export interface RowQuery {
	text: string;
	/** Any of these kinds; empty shows every row. */
	filters: readonly RowFilter[];
	pageFrom?: number;
	pageTo?: number;
}

/**
 * Whether a row has an output sentence over the limit. Only an edit can make one: the model's
 * answers are validated and the splitter stays under the limit, so only edited rows are
 * counted, which keeps the word segmenter off 20,000 rows.
 */
export function isOverLimit(row: WorkspaceRow, limit: number): boolean {
	return row.edited && row.output.some((s) => countWords(s) > limit);
}

/** Whether a row is of the kind `filter` names. */
export function rowIs(row: WorkspaceRow, filter: RowFilter, limit: number): boolean {
	switch (filter) {
		case 'rewritten':
			return row.outputSource === 'model';
		case 'split':
			return row.outputSource === 'mechanical';
		case 'repaired':
			return row.outputSource === 'repaired';
		case 'unchanged':
			return row.outputSource === 'unchanged';
		case 'edited':
			return row.edited;
		case 'over_limit':
			return isOverLimit(row, limit);
	}
}

/** The rows that answer the query, in book order. Returns `rows` itself when nothing filters. */
export function filterRows(
	rows: readonly WorkspaceRow[],
	query: RowQuery,
	limit: number
): readonly WorkspaceRow[] {
	const terms = queryTerms(query.text);
	const { filters, pageFrom, pageTo } = query;
	if (!terms.length && !filters.length && pageFrom === undefined && pageTo === undefined) {
		return rows;
	}
	return rows.filter(
		(row) =>
			(pageFrom === undefined || row.page >= pageFrom) &&
			(pageTo === undefined || row.page <= pageTo) &&
			(filters.length === 0 || filters.some((f) => rowIs(row, f, limit))) &&
			matchesTerms(row.key, terms)
	);
}

/** Position of the first row on `page` or after it (rows are in book order), or -1. */
export function firstRowFromPage(rows: readonly { page: number }[], page: number): number {
	let lo = 0;
	let hi = rows.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (rows[mid].page < page) lo = mid + 1;
		else hi = mid;
	}
	return lo < rows.length ? lo : -1;
}
