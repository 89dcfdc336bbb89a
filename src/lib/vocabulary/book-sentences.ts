/**
 * The books the vocabulary tool can read, and their sentences, from IndexedDB. A book's
 * sentences are its short sentences where it has them (what a learner studies and exports),
 * else its source sentences (a book still running, or not split yet).
 */
import type { Job, NovelDb } from '../db/db.ts';
import { loadAllRows } from '../db/result-queries.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import type { VocabSentence } from './types.ts';

/** A book the reader can pick. */
export interface VocabBook {
	id: string;
	title: string;
	sentences: number;
}

/** Every book with sentences, newest first. */
export async function listVocabBooks(db: NovelDb): Promise<VocabBook[]> {
	const jobs: Job[] = await db.jobs.orderBy('createdAt').reverse().toArray();
	return jobs
		.filter((job) => (job.sentenceCount ?? 0) > 0)
		.map((job) => ({
			id: job.id,
			title: job.title?.trim() || job.name,
			sentences: job.sentenceCount ?? 0
		}));
}

/** The sentences of the given books, book by book in the order given. */
export async function loadVocabSentences(
	db: NovelDb,
	bookIds: readonly string[]
): Promise<VocabSentence[]> {
	const books = await Promise.all(bookIds.map((id) => loadAllRows(db, id)));
	return books.flatMap((rows, i) => rowsToSentences(bookIds[i], rows));
}

/** A book's rows as coverage sentences: each short sentence, or the source when it has none. */
export function rowsToSentences(book: string, rows: readonly ResultRow[]): VocabSentence[] {
	return rows.flatMap((row) =>
		row.output.length > 0
			? row.output.map((text, part) => ({ book, index: row.index, part, page: row.page, text }))
			: [{ book, index: row.index, part: 0, page: row.page, text: row.source }]
	);
}
