/**
 * A text file Anki's importer takes without questions (Anki manual, "Importing › Text files",
 * and rslib/src/import_export/text/csv in Anki's source): header lines first, then one note per
 * line, fields separated by tabs.
 */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import type { ExportBook } from './export-book.ts';

/**
 * A field as Anki's CSV reader reads it back. It is quoted, with its quotes doubled, when it
 * holds a tab, a quote or a line break, and when it starts with "#": Anki skips every line
 * that begins with "#" as a comment, even below the header.
 */
function ankiField(value: string): string {
	return /[\t"\n\r]|^#/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/** A header value on one line. */
function headerValue(value: string): string {
	return value.replace(/[\t\n\r]+/gu, ' ').trim();
}

/** The book as one Anki tag: tags are separated by spaces, so a space becomes "_". */
export function ankiTag(title: string): string {
	return title.trim().replace(/\s+/gu, '_').replace(/"/gu, '') || 'book';
}

/**
 * One Basic note per output sentence: the front is the short sentence, the back the source
 * sentence and its page. Every note carries the book's tag (`#tags:`) and a page tag under it
 * (`Book::p12`), which Anki's browser shows as a tree. `#tags column:3` names the tags column:
 * without it Anki would treat the third column as a field of its own.
 */
export function toAnki(rows: readonly ResultRow[], book: ExportBook): string {
	const tag = ankiTag(book.title);
	const lines = [
		'#separator:tab',
		'#html:false',
		'#columns:Front\tBack\tTags',
		`#deck:${headerValue(book.title)}`,
		'#notetype:Basic',
		`#tags:${tag}`,
		'#tags column:3'
	];
	for (const r of rows) {
		const back = `${r.source} (p. ${r.page})`;
		for (const front of r.output) {
			lines.push([ankiField(front), ankiField(back), `${tag}::p${r.page}`].join('\t'));
		}
	}
	return lines.join('\n') + '\n';
}
