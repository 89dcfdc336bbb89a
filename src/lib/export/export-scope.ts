/** Which of a book's rows an export takes: the whole book, the filtered rows, or pages. */
import type { ResultRow } from '../shared/pipeline/merge.ts';

/** The reader's choice of rows. The filtered rows are the workspace's, handed over as they are. */
export type ExportScope =
	{ kind: 'book' } | { kind: 'filtered' } | { kind: 'pages'; from: number; to: number };

/** The rows whose sentence starts on a page from `from` to `to`, both included. */
export function rowsInPages(rows: readonly ResultRow[], from: number, to: number): ResultRow[] {
	const [lo, hi] = from <= to ? [from, to] : [to, from];
	return rows.filter((r) => r.page >= lo && r.page <= hi);
}

/** The first and last page the rows come from, or undefined for no rows. */
export function pageSpan(rows: readonly ResultRow[]): { first: number; last: number } | undefined {
	if (rows.length === 0) return undefined;
	let first = Infinity;
	let last = -Infinity;
	for (const r of rows) {
		if (r.page < first) first = r.page;
		if (r.page > last) last = r.page;
	}
	return { first, last };
}

/** Which of a book's rows to export: all, a page range, or the given sentence indexes. */
export interface RowSelection {
	jobId: string;
	pages?: { from: number; to: number };
	indexes?: number[];
}

/** The rows of `rows` (a whole book, in order) that the selection chooses. */
export function selectRows(rows: ResultRow[], sel: RowSelection): ResultRow[] {
	if (sel.indexes) {
		const keep = new Set(sel.indexes);
		return rows.filter((r) => keep.has(r.index));
	}
	return sel.pages ? rowsInPages(rows, sel.pages.from, sel.pages.to) : rows;
}
