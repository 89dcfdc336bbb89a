/**
 * Accent- and case-insensitive search over a book's rows: "eleve" finds "élève", "coeur"
 * finds "cœur". Each row's text is folded once, when the row is loaded or edited, so a search
 * over 20,000 rows is a plain substring scan.
 */

/** Letters NFD does not take apart: French ligatures, and typographic apostrophes. */
const EXTRA_FOLDS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', '’': "'", ʼ: "'" };
const EXTRA_FOLD_RE = /[œæß’ʼ]/g;

/** `text` without accents or case: NFD, combining marks stripped, lower-cased. */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLDS[c]);
}

/** The folded text a row is searched in: its source and every output sentence. */
export function searchKey(source: string, output: readonly string[]): string {
	return foldText([source, ...output].join('\n'));
}

/** A query as the terms a row must all contain (folded, split on spaces); [] matches all. */
export function queryTerms(query: string): string[] {
	return foldText(query).split(/\s+/).filter(Boolean);
}

/** Whether a folded key contains every term. */
export function matchesTerms(key: string, terms: readonly string[]): boolean {
	for (const t of terms) if (!key.includes(t)) return false;
	return true;
}
