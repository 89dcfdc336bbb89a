/**
 * The string-table API the home page used before the export formats had modules of their own
 * (export-formats.ts). Kept, on the safe writers, until no page imports it.
 */
import type { ResultRow } from '../shared/pipeline/merge.ts';
import { exportTable, tableCells, type ExportTable } from './export-columns.ts';
import { toCsv as csv } from './csv.ts';
import { toTsv as tsv } from './tsv.ts';

/** Every column, header first, one row per output sentence. */
export function exportRows(rows: readonly ResultRow[]): string[][] {
	return tableCells(exportTable(rows));
}

function asTable(cells: readonly string[][]): ExportTable {
	const [header = [], ...body] = cells;
	return { columns: [], header: [...header], body: body.map((r) => [...r]) };
}

/** RFC 4180 CSV with a BOM, safe against formulas (csv.ts). */
export function toCsv(cells: readonly string[][]): string {
	return csv(asTable(cells));
}

/** Tab-separated text for the clipboard (tsv.ts), without the file's final line break. */
export function toTsv(cells: readonly string[][]): string {
	return tsv(asTable(cells)).replace(/\n$/u, '');
}
