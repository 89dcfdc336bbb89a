/** Rows and a book for the export tests: the hard cases a French novel gives the formats. */
import type { ExportBook } from '../../src/lib/export/export-book.ts';
import type { ResultRow } from '../../src/lib/shared/pipeline/merge.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';

/** A result row; `output` defaults to the source, unchanged. */
export function rowOf(
	index: number,
	page: number,
	source: string,
	output: string[] = [source],
	extra: Partial<ResultRow> = {}
): ResultRow {
	return {
		index,
		page,
		source,
		sourceWords: countWords(source),
		output,
		outputSource: output.length === 1 && output[0] === source ? 'unchanged' : 'mechanical',
		edited: false,
		...extra
	};
}

/** Accents, quotes, a tab, a newline, formulas and dialogue dashes, over three pages. */
export function trickyRows(): ResultRow[] {
	return [
		rowOf(0, 3, 'Il dit : « Venez, mes amis », et partit.', [
			'Il dit : « Venez, mes amis ».',
			'Et il partit.'
		]),
		rowOf(1, 3, 'Elle cria "Non !"\tpuis, à voix basse,\nelle pleura.', [
			'Elle cria "Non !"\tpuis, à voix basse,\nelle pleura.'
		]),
		rowOf(2, 4, '=HYPERLINK("http://x.example","clic")'),
		rowOf(3, 4, '- Oui, dit-il.'),
		rowOf(4, 4, '– Non ! répondit-elle.'),
		rowOf(5, 5, '— Viens.'),
		rowOf(6, 5, '+33 est un indicatif.', ['+33 est un indicatif.'], {
			outputSource: 'model',
			edited: true,
			original: ['+33 est un numéro.']
		}),
		rowOf(7, 5, '@cmd et -2+3 ; #dièse à l’été.', ['@cmd et -2+3.', '#dièse à l’été.']),
		rowOf(8, 6, 'Une phrase encore en attente.', [], { outputSource: 'pending' })
	];
}

/** The book those rows come from. */
export const BOOK: ExportBook = {
	title: 'Les Misérables : tome 1',
	author: 'Victor Hugo',
	file: 'miserables.pdf',
	mode: 'mechanical',
	limit: 8,
	pageCount: 6,
	skippedPages: [{ page: 1, reason: 'title page' }],
	unreadablePages: [],
	failedChunks: 0
};

/** `n` plain rows, 30 to a page, for size and speed. */
export function manyRows(n: number): ResultRow[] {
	const rows: ResultRow[] = [];
	for (let i = 0; i < n; i++) {
		const long = `Le soldat marchait lentement le long du chemin, et la nuit tombait sur la vallée ${i}.`;
		rows.push(
			i % 3 === 0
				? rowOf(i, 1 + Math.floor(i / 30), long, [
						'Le soldat marchait lentement le long du chemin.',
						`La nuit tombait sur la vallée ${i}.`
					])
				: rowOf(i, 1 + Math.floor(i / 30), `Le père dort ${i}.`)
		);
	}
	return rows;
}
