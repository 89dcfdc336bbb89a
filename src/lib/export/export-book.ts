/** What an export says about its book, from a job in the page or a run of the command line. */
import type { Job } from '../db/db.ts';

/** The book's details that travel with its sentences. */
export interface ExportBook {
	/** The PDF's title, or the file name without .pdf. */
	title: string;
	author?: string;
	/** The PDF's file name. */
	file?: string;
	mode: 'mechanical' | 'ai';
	limit: number;
	tier?: string;
	pageCount?: number;
	skippedPages?: { page: number; reason: string }[];
	unreadablePages?: number[];
	failedChunks?: number;
}

/** The book as a job in IndexedDB describes it. */
export function bookFromJob(job: Job): ExportBook {
	return {
		title: job.title?.trim() || job.name,
		...(job.author ? { author: job.author } : {}),
		file: `${job.name}.pdf`,
		mode: job.settings.mode,
		limit: job.settings.limit,
		...(job.settings.tier ? { tier: job.settings.tier } : {}),
		...(job.pageCount !== undefined ? { pageCount: job.pageCount } : {}),
		skippedPages: job.skippedPages ?? [],
		unreadablePages: job.unreadablePages ?? [],
		failedChunks: job.failedChunks
	};
}

/** The lines of the XLSX's second sheet, each a label's key and its value. */
export const DETAIL_KEYS = [
	'title',
	'author',
	'file',
	'pages',
	'sentences',
	'mode',
	'limit',
	'tier',
	'skipped',
	'exported'
] as const;

export type DetailKey = (typeof DETAIL_KEYS)[number];

/** English labels, for the command line and when the page gives none. */
export const DEFAULT_DETAIL_LABELS: Record<DetailKey, string> = {
	title: 'Title',
	author: 'Author',
	file: 'File',
	pages: 'Pages',
	sentences: 'Sentences exported',
	mode: 'Mode',
	limit: 'Word limit',
	tier: 'Model tier',
	skipped: 'Pages skipped',
	exported: 'Exported'
};

/** The book's details as label keys and values; absent details are left out. */
export function bookDetails(
	book: ExportBook,
	sentences: number,
	exportedAt: Date
): { key: DetailKey; value: string | number | Date }[] {
	const all: { key: DetailKey; value: string | number | Date | undefined }[] = [
		{ key: 'title', value: book.title },
		{ key: 'author', value: book.author },
		{ key: 'file', value: book.file },
		{ key: 'pages', value: book.pageCount },
		{ key: 'sentences', value: sentences },
		{ key: 'mode', value: book.mode },
		{ key: 'limit', value: book.limit },
		{ key: 'tier', value: book.tier },
		{
			key: 'skipped',
			value: book.skippedPages?.length ? book.skippedPages.map((s) => s.page).join(', ') : undefined
		},
		{ key: 'exported', value: exportedAt }
	];
	return all.filter(
		(d): d is { key: DetailKey; value: string | number | Date } => d.value !== undefined
	);
}
