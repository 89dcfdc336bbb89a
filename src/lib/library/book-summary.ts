/**
 * One library entry as the view shows it, from a job and what it stores. Pure: the library
 * state reads the rows, this module only adds them up.
 */
import type { Job } from '../db/db.ts';
import { isTerminal } from '../jobs/job-states.ts';

/** What a stored row costs beyond its text: keys, page, word count, source, flags. */
export const ROW_OVERHEAD_BYTES = 48;

/** A library entry. `storageBytes` is undefined while its text is still being counted. */
export interface BookSummary {
	job: Job;
	/** The PDF's title, or its file name when the metadata has none. */
	title: string;
	author?: string;
	finished: boolean;
	/** The PDF's size when this entry is the one it is counted with, else 0. */
	pdfBytes: number;
	/** True when an earlier entry of the same PDF already counts its bytes. */
	pdfCountedElsewhere: boolean;
	textBytes?: number;
	storageBytes?: number;
}

/** The title a reader sees: the metadata's, or the file name. */
export function bookTitle(job: Pick<Job, 'title' | 'name'>): string {
	return job.title?.trim() || job.name;
}

/**
 * About how many bytes a book's sentences and results take: their characters plus a fixed
 * cost per row. IndexedDB does not say per record, so this is an estimate, not a measure.
 */
export function estimateTextBytes(
	sentences: Iterable<{ text: string }>,
	results: Iterable<{ sentences: string[]; original?: string[] }>
): number {
	let bytes = 0;
	for (const s of sentences) bytes += s.text.length + ROW_OVERHEAD_BYTES;
	for (const r of results) {
		bytes += ROW_OVERHEAD_BYTES;
		for (const out of r.sentences) bytes += out.length;
		for (const out of r.original ?? []) bytes += out.length;
	}
	return bytes;
}

/**
 * The entries for `jobs`. Each PDF is counted once, with the oldest entry that uses it, so
 * the entries add up to what the books really take.
 */
export function summarizeBooks(
	jobs: readonly Job[],
	pdfSizes: ReadonlyMap<string, number>,
	textBytes: ReadonlyMap<string, number>
): BookSummary[] {
	const owner = new Map<string, Job>();
	for (const job of jobs) {
		const held = owner.get(job.fileHash);
		if (!held || job.createdAt < held.createdAt) owner.set(job.fileHash, job);
	}
	return jobs.map((job) => {
		const counted = owner.get(job.fileHash)?.id === job.id;
		const pdfBytes = counted ? (pdfSizes.get(job.fileHash) ?? 0) : 0;
		const text = textBytes.get(job.id);
		const author = job.author?.trim();
		return {
			job,
			title: bookTitle(job),
			...(author && { author }),
			finished: isTerminal(job.status),
			pdfBytes,
			pdfCountedElsewhere: !counted && pdfSizes.has(job.fileHash),
			textBytes: text,
			storageBytes: text === undefined ? undefined : pdfBytes + text
		};
	});
}

/** The bytes of every entry that is counted; entries still counting add nothing. */
export function totalStorage(books: readonly BookSummary[]): number {
	return books.reduce((sum, b) => sum + (b.storageBytes ?? b.pdfBytes), 0);
}

/**
 * What the text count of a job depends on: it is counted again only when this changes. A
 * running book is counted when its status changes, not after each chunk (re-reading 10,000
 * rows per chunk would slow the run); it is counted again once it stops.
 */
export function textSignature(job: Job): string {
	const counted = `${job.status}:${job.sentenceCount ?? 0}`;
	const live = !isTerminal(job.status) && job.status !== 'paused';
	return live ? counted : `${counted}:${job.processedChunks}:${job.failedChunks}`;
}
