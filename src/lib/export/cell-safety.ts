/**
 * Keeps a text cell from running as a formula when a CSV or TSV is opened in Excel, LibreOffice
 * or Google Sheets (CSV injection, OWASP "CSV Injection"): a cell that begins with = + - @, a
 * tab or a carriage return is read as a formula, and OWASP's remedy is a leading single quote.
 *
 * A French novel is full of dialogue lines that begin with a dash: "- Oui, dit-il." Excel
 * reads that cell as the formula `=- Oui, dit-il.` and shows #NAME?, and a quote prefix
 * would show the reader a stray apostrophe on every line of dialogue. A hyphen-minus followed
 * by a space is a typewriter's dialogue dash, so we print it as the typographic dash "–"
 * (U+2013, tiret demi-cadratin), which French typesetting uses for dialogue and no spreadsheet
 * reads as an operator. Every other risky start gets OWASP's quote. The en and em dashes
 * themselves ("– Non !", "— Viens.") are plain text to every spreadsheet and stay as they are.
 * Fullwidth ＝＋－＠ are quoted as well: Excel in East Asian locales treats them as operators.
 */

/** A hyphen-minus used as a dialogue dash: followed by a space, a no-break or a thin space. */
const DIALOGUE_HYPHEN = /^-(?=[ \u00a0\u202f])/u;

/** The first characters that start a formula. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;

/** The cell as a spreadsheet should show it, never as a formula. */
export function neutraliseCell(text: string): string {
	if (DIALOGUE_HYPHEN.test(text)) return '\u2013' + text.slice(1);
	if (FORMULA_START.test(text)) return "'" + text;
	return text;
}
