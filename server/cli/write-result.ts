/**
 * The file `process` writes, in the format its name asks for, through the same export module
 * the page uses (src/lib/export): .csv .xlsx .tsv .anki.txt .txt .json.
 */
import { basename } from 'node:path';
import type { ExportBook } from '../../src/lib/export/export-book.ts';
import { EXPORT_COLUMNS } from '../../src/lib/export/export-columns.ts';
import { renderExport, type ExportFormat } from '../../src/lib/export/export-formats.ts';
import type { SkippedPage } from '../../src/lib/shared/pipeline/page-ranges.ts';
import type { ResultRow } from '../../src/lib/shared/pipeline/merge.ts';

/** What the run knows about the book, beside its sentences. */
export interface ResultMeta {
	file: string;
	/** The PDF's title; the file name without .pdf when absent. */
	title?: string;
	author?: string;
	mode: 'mechanical' | 'ai';
	limit: number;
	pageCount: number;
	skippedPages: SkippedPage[];
	unreadablePages: number[];
	failedChunks: number;
}

/** The run as the export module's book. */
export function resultBook(meta: ResultMeta): ExportBook {
	const { title, file, ...rest } = meta;
	return { title: title?.trim() || basename(file).replace(/\.pdf$/iu, ''), file, ...rest };
}

/** The file's content: text, or the workbook's bytes. Every column, every row. */
export async function resultFile(
	format: ExportFormat,
	meta: ResultMeta,
	rows: ResultRow[],
	exportedAt = new Date()
): Promise<string | Uint8Array> {
	const content = await renderExport({
		format,
		rows,
		columns: [...EXPORT_COLUMNS],
		book: resultBook(meta),
		exportedAt
	});
	return typeof content === 'string' ? content : new Uint8Array(await content.arrayBuffer());
}
