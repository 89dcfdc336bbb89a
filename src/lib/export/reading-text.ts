/** A plain text to read the short sentences like a book, on any device. */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import type { ExportBook } from './export-book.ts';

/**
 * The title (and author), then the short sentences in book order, one paragraph per page of
 * the book with a blank line between pages: the PDF gives no paragraph breaks we could trust,
 * and a page is a unit the reader can find again in the print. A sentence still pending is
 * given as its source, so the text has no holes.
 */
export function toReadingText(rows: readonly ResultRow[], book: ExportBook): string {
	const head = book.author ? `${book.title}\n${book.author}` : book.title;
	const paragraphs: string[] = [];
	let page: number | undefined;
	let current: string[] = [];
	for (const r of rows) {
		if (r.page !== page && current.length > 0) {
			paragraphs.push(current.join(' '));
			current = [];
		}
		page = r.page;
		const sentences = r.output.length > 0 ? r.output : [r.source];
		for (const s of sentences) current.push(s.replace(/\s+/gu, ' ').trim());
	}
	if (current.length > 0) paragraphs.push(current.join(' '));
	return [head, ...paragraphs].join('\n\n') + '\n';
}
