/** CSV as RFC 4180 writes it, safe to open in a spreadsheet. */
import { neutraliseCell } from './cell-safety.ts';
import type { ExportTable } from './export-columns.ts';

/** Quotes a cell that holds a comma, a quote or a line break, doubling its quotes (RFC 4180). */
function csvCell(value: string): string {
	return /[",\n\r]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/**
 * RFC 4180 CSV with CRLF line ends, and a UTF-8 BOM so that Excel reads the accents as UTF-8.
 * Text cells go through neutraliseCell (see cell-safety.ts); number cells cannot be formulas.
 */
export function toCsv(table: ExportTable): string {
	const lines = [table.header.map(csvCell).join(',')];
	for (const row of table.body) {
		lines.push(
			row.map((v) => (typeof v === 'number' ? String(v) : csvCell(neutraliseCell(v)))).join(',')
		);
	}
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
