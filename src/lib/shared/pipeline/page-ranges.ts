/** Page lists as a reader types and reads them: "1-4, 89" in, "1–4, 89" out. */

/** The highest page number accepted: far beyond any novel, low enough to stay a small list. */
export const MAX_PAGE = 100_000;

/** A list of 1-based pages, or why the text is not one. */
export type PageRangesResult = { ok: true; pages: number[] } | PageRangesProblem;

/** Why a page list cannot be read: `code` and `params` let the page word it in French too. */
export interface PageRangesProblem {
	ok: false;
	message: string;
	code: 'pages_not_a_page' | 'pages_from_one' | 'pages_beyond' | 'pages_reversed';
	params?: Record<string, string | number>;
}

/**
 * Reads "1-4, 89" (commas, semicolons or spaces between items; "-", "–" or "—" in a range)
 * into sorted, distinct pages. Empty text is an empty list.
 */
export function parsePageRanges(text: string): PageRangesResult {
	const pages = new Set<number>();
	const items = text
		.replace(/\s*[-–—]\s*/gu, '-')
		.split(/[\s,;]+/u)
		.filter((item) => item !== '');
	for (const item of items) {
		const m = /^(\d+)(?:-(\d+))?$/u.exec(item);
		if (!m)
			return fail('pages_not_a_page', `"${item}" is not a page or a range like 1-4.`, { item });
		const first = Number(m[1]);
		const last = m[2] === undefined ? first : Number(m[2]);
		if (first < 1) return fail('pages_from_one', 'Pages are numbered from 1.');
		if (last > MAX_PAGE) {
			const message = `Page ${last} is beyond any book (the limit is ${MAX_PAGE}).`;
			return fail('pages_beyond', message, { last, max: MAX_PAGE });
		}
		if (last < first) {
			const message = `In ${first}-${last} the first page comes after the last.`;
			return fail('pages_reversed', message, { first, last });
		}
		for (let p = first; p <= last; p++) pages.add(p);
	}
	return { ok: true, pages: [...pages].sort((a, b) => a - b) };
}

function fail(
	code: PageRangesProblem['code'],
	message: string,
	params?: PageRangesProblem['params']
): PageRangesProblem {
	return { ok: false, message, code, ...(params && { params }) };
}

/** What the "Pages to skip" field means: `undefined` lets the app detect front and back matter. */
export type SkipSetting = { ok: true; excludePages?: number[] } | PageRangesProblem;

/** Words that mean "skip no page, keep even the detected matter". */
const NONE = /^(?:none|no|aucune?|rien)$/iu;

/**
 * Reads the "Pages to skip" field: empty means automatic (skip what the app detects), "none"
 * keeps every page, and a list such as "1-4, 89" skips exactly those pages.
 */
export function parseSkipSetting(text: string): SkipSetting {
	const trimmed = text.trim();
	if (trimmed === '' || /^auto$/iu.test(trimmed)) return { ok: true };
	if (NONE.test(trimmed)) return { ok: true, excludePages: [] };
	const parsed = parsePageRanges(trimmed);
	return parsed.ok ? { ok: true, excludePages: parsed.pages } : parsed;
}

/** Writes pages as ranges: [3, 7, 8, 9] becomes "3, 7–9". */
export function formatPageRanges(pages: readonly number[]): string {
	const sorted = [...new Set(pages)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
		parts.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
		i = j;
	}
	return parts.join(', ');
}

/** A page left out of a job, and why, in the reader's words. */
export interface SkippedPage {
	page: number;
	reason: string;
}

/** "1 (title page); 3–4 (table of contents)": runs of pages that share a reason. */
export function describeSkippedPages(skipped: readonly SkippedPage[]): string {
	const sorted = [...skipped].sort((a, b) => a.page - b.page);
	const groups: { reason: string; pages: number[] }[] = [];
	for (const s of sorted) {
		const last = groups.at(-1);
		if (last && last.reason === s.reason) last.pages.push(s.page);
		else groups.push({ reason: s.reason, pages: [s.page] });
	}
	return groups.map((g) => `${formatPageRanges(g.pages)} (${g.reason})`).join('; ');
}

/** "2 pages could not be read (no text layer): 3, 7" for the job card and the CLI. */
export function describeUnreadablePages(pages: readonly number[]): string {
	const n = pages.length;
	return `${n} page${n === 1 ? '' : 's'} could not be read (no text layer): ${formatPageRanges(pages)}`;
}
