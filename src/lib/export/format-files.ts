/** The export formats' names, file endings and media types: what the page needs up front. */

/** Every format, in the order the page offers them. */
export const EXPORT_FORMATS = ['xlsx', 'csv', 'tsv', 'anki', 'txt', 'json'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Each format's file name ending and media type. */
export const FORMAT_FILES: Record<ExportFormat, { extension: string; mime: string }> = {
	xlsx: {
		extension: '.xlsx',
		mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	},
	csv: { extension: '.csv', mime: 'text/csv;charset=utf-8' },
	tsv: { extension: '.tsv', mime: 'text/tab-separated-values;charset=utf-8' },
	anki: { extension: '.anki.txt', mime: 'text/plain;charset=utf-8' },
	txt: { extension: '.txt', mime: 'text/plain;charset=utf-8' },
	json: { extension: '.json', mime: 'application/json' }
};

/** The formats that are tables, and so take the reader's choice of columns. */
export const TABLE_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'tsv'];

/** The format a file name asks for (".anki.txt" before ".txt"), or undefined. */
export function formatFromFileName(name: string): ExportFormat | undefined {
	const lower = name.toLowerCase();
	const byLength = [...EXPORT_FORMATS].sort(
		(a, b) => FORMAT_FILES[b].extension.length - FORMAT_FILES[a].extension.length
	);
	return byLength.find((f) => lower.endsWith(FORMAT_FILES[f].extension));
}
