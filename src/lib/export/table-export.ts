import { countWords } from '../shared/text/word-count.ts';
import type { ResultRow } from '../shared/pipeline/merge.ts';

/** Export columns: one row per output sentence, so a spreadsheet gets one short sentence a line. */
export function exportRows(rows: readonly ResultRow[]): string[][] {
	const out: string[][] = [['sentence', 'page', 'source', 'output', 'words', 'how']];
	for (const r of rows) {
		r.output.forEach((s, k) => {
			out.push([
				String(r.index + 1),
				String(r.page),
				k === 0 ? r.source : '',
				s,
				String(countWords(s)),
				r.outputSource
			]);
		});
	}
	return out;
}

/** RFC 4180 CSV, with a BOM so that Excel opens the accents correctly. */
export function toCsv(table: readonly string[][]): string {
	const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return '\ufeff' + table.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Tab-separated text, which Google Sheets splits into cells on paste. */
export function toTsv(table: readonly string[][]): string {
	return table.map((row) => row.map((v) => v.replace(/[\t\n\r]+/g, ' ')).join('\t')).join('\n');
}
