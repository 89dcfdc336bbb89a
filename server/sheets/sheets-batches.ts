/**
 * Cuts a table into write requests the Sheets API accepts. Google recommends payloads of at
 * most about 2 MB, and very large requests time out, so a batch ends at whichever comes
 * first: `maxRows` rows or `maxBytes` of JSON.
 */

/** One write request: rows `start` (0-based) to `start + rows.length - 1`. */
export interface RowBatch {
	start: number;
	rows: string[][];
}

/** The limits of one request. */
export interface BatchLimits {
	maxRows: number;
	maxBytes: number;
}

/** Google's documented guidance, with room for the request's envelope. */
export const SHEETS_BATCH_LIMITS: BatchLimits = { maxRows: 10_000, maxBytes: 2_000_000 - 4_096 };

/** The JSON size of one row inside a `values` array (its comma included). */
function rowBytes(row: string[]): number {
	return Buffer.byteLength(JSON.stringify(row)) + 1;
}

/** Consecutive batches covering every row once, in order. A row larger than the byte limit goes alone. */
export function planBatches(
	rows: string[][],
	limits: BatchLimits = SHEETS_BATCH_LIMITS
): RowBatch[] {
	const batches: RowBatch[] = [];
	let start = 0;
	let bytes = 0;
	for (let i = 0; i < rows.length; i++) {
		const size = rowBytes(rows[i]);
		const count = i - start;
		if (count > 0 && (count >= limits.maxRows || bytes + size > limits.maxBytes)) {
			batches.push({ start, rows: rows.slice(start, i) });
			start = i;
			bytes = 0;
		}
		bytes += size;
	}
	if (rows.length > start) batches.push({ start, rows: rows.slice(start) });
	return batches;
}

/** The column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
	let out = '';
	for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) {
		out = String.fromCharCode(65 + ((c - 1) % 26)) + out;
	}
	return out;
}

/** An A1 range on a named sheet: its name quoted (quotes doubled), then the cells. */
export function a1Range(sheet: string, firstRow: number, lastRow: number, columns: number): string {
	const name = `'${sheet.replaceAll("'", "''")}'`;
	return `${name}!A${firstRow}:${columnLetters(Math.max(1, columns))}${lastRow}`;
}
