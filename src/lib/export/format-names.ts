import { m } from '$lib/paraglide/messages.js';
import type { ExportFormat } from './format-files.ts';

/** Each export format's name in the reader's language, for the format pickers. */
export const FORMAT_NAMES: Record<ExportFormat, () => string> = {
	xlsx: m.export_format_xlsx,
	csv: m.export_format_csv,
	tsv: m.export_format_tsv,
	anki: m.export_format_anki,
	txt: m.export_format_txt,
	json: m.export_format_json
};
