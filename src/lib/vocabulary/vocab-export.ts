/**
 * The vocabulary tool's results as files, through the export module's writers: the same CSV
 * (BOM, formula-safe), TSV, XLSX, Anki text and JSON as a book's export. Each result is a
 * table; Anki gets one card per sentence (front: the sentence; back: its words and page).
 */
import { toAnki } from '../export/anki.ts';
import { toCsv } from '../export/csv.ts';
import type { ExportBook } from '../export/export-book.ts';
import type { ExportCell, ExportTable } from '../export/export-columns.ts';
import { FORMAT_FILES, type ExportFormat } from '../export/format-files.ts';
import { toTsv } from '../export/tsv.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';
import type { BookProfile, CoverageResult, IPlusOneSentence } from './types.ts';

/** Which result to export. */
export type VocabResultKind = 'coverage' | 'i-plus-one' | 'profile';

/** A result flattened to what every format needs: a header, rows, and Anki's two sides. */
export interface VocabTable {
	header: string[];
	body: ExportCell[][];
	/** One card per row that has one: [front, back, page]. */
	cards: [string, string, number][];
}

/** Column names when the caller gives none (the CLI's, and the CSV's programs may rely on). */
export const VOCAB_HEADERS = {
	book: 'book',
	page: 'page',
	sentence: 'sentence',
	words: 'words',
	newWord: 'new word',
	frequency: 'frequency',
	missingWord: 'missing word',
	count: 'count',
	share: 'share'
};

export type VocabHeaders = typeof VOCAB_HEADERS;

/** The coverage result: one row per chosen sentence, then one per list word no book has. */
export function coverageTable(
	result: CoverageResult,
	h: VocabHeaders = VOCAB_HEADERS,
	bookTitle: (book: string) => string = (b) => b
): VocabTable {
	const body: ExportCell[][] = result.chosen.map((c) => [
		bookTitle(c.sentence.book),
		c.sentence.page,
		c.sentence.text,
		c.covers.join(', ')
	]);
	for (const word of result.missing) body.push(['', '', '', '', word]);
	return {
		header: [h.book, h.page, h.sentence, h.words, h.missingWord],
		body,
		cards: result.chosen.map((c) => [c.sentence.text, c.covers.join(', '), c.sentence.page])
	};
}

/** The i+1 sentences, best first. */
export function iPlusOneTable(
	items: readonly IPlusOneSentence[],
	h: VocabHeaders = VOCAB_HEADERS,
	bookTitle: (book: string) => string = (b) => b
): VocabTable {
	return {
		header: [h.book, h.page, h.sentence, h.newWord, h.frequency],
		body: items.map((i) => [
			bookTitle(i.sentence.book),
			i.sentence.page,
			i.sentence.text,
			i.newWord,
			i.frequency
		]),
		cards: items.map((i) => [i.sentence.text, i.newWord, i.sentence.page])
	};
}

/** Each book's share of known running words, then its most frequent missing words. */
export function profileTable(
	profiles: readonly BookProfile[],
	h: VocabHeaders = VOCAB_HEADERS,
	bookTitle: (book: string) => string = (b) => b
): VocabTable {
	const body: ExportCell[][] = [];
	for (const p of profiles) {
		const share = p.runningWords === 0 ? 0 : p.knownWords / p.runningWords;
		body.push([bookTitle(p.book), '', Math.round(share * 1000) / 10, p.runningWords]);
		for (const m of p.missing) body.push([bookTitle(p.book), m.lemma, '', m.count]);
	}
	return { header: [h.book, h.missingWord, h.share, h.count], body, cards: [] };
}

/** The file's content in `format`; `book` names the deck, the workbook and the JSON. */
export async function renderVocabExport(
	format: ExportFormat,
	table: VocabTable,
	book: ExportBook
): Promise<string | Blob> {
	const exportTable: ExportTable = { columns: [], header: table.header, body: table.body };
	switch (format) {
		case 'csv':
			return toCsv(exportTable);
		case 'tsv':
			return toTsv(exportTable);
		case 'xlsx': {
			const { toXlsx } = await import('../export/xlsx.ts');
			return toXlsx(exportTable, book, new Date());
		}
		case 'anki':
			return toAnki(table.cards.map(cardRow), book);
		case 'txt':
			return table.body.map((row) => row.filter((v) => v !== '').join('\t')).join('\n') + '\n';
		case 'json':
			return JSON.stringify(
				table.body.map((row) => Object.fromEntries(table.header.map((k, i) => [k, row[i]]))),
				null,
				'\t'
			);
	}
}

/** The file's content as a Blob of its format's media type. */
export async function renderVocabBlob(
	format: ExportFormat,
	table: VocabTable,
	book: ExportBook
): Promise<Blob> {
	const content = await renderVocabExport(format, table, book);
	return typeof content === 'string'
		? new Blob([content], { type: FORMAT_FILES[format].mime })
		: content;
}

/** Anki's writer takes result rows: the card's front is the output, its back the source. */
function cardRow([front, back, page]: [string, string, number], index: number): ResultRow {
	return {
		index,
		page,
		source: back,
		sourceWords: 0,
		output: [front],
		outputSource: 'unchanged',
		edited: false
	};
}
