/** Tab-separated text: the clipboard's format for Google Sheets, and the .tsv file. */
import { neutraliseCell } from './cell-safety.ts';
import type { ExportTable } from './export-columns.ts';

/**
 * Tab-separated values as IANA's text/tab-separated-values defines them: no quoting, so a tab
 * or line break inside a sentence becomes a space. Google Sheets reads a pasted "=…" as a
 * formula, so text cells go through the same neutraliseCell as the CSV.
 */
export function toTsv(table: ExportTable): string {
	const cell = (v: string | number) =>
		typeof v === 'number' ? String(v) : neutraliseCell(v.replace(/[\t\n\r]+/gu, ' '));
	const lines = [table.header.map(cell).join('\t')];
	for (const row of table.body) lines.push(row.map(cell).join('\t'));
	return lines.join('\n') + '\n';
}
