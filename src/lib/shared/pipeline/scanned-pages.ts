/**
 * Image-only pages in AI mode: how they are grouped into page-read calls, and what they are
 * reserved as. The credits estimate counts text, so a page is reserved as a placeholder
 * sentence sized like a page of prose; the browser reserves with it before reading, and the
 * relay holds the same amount while a read is in flight. A real read costs less (Gemini
 * bills about 258 prompt tokens per PDF page, plus the page's text as output).
 */

/** A page of a novel holds about this many characters. */
export const CHARS_PER_PAGE = 1_800;

/** Consecutive pages sent to Gemini in one call. */
export const MAX_PAGES_PER_READ = 5;

/** One placeholder item per page, each far over any word limit so that it counts as long. */
export function pagePlaceholders(pages: readonly number[]): { i: number; text: string }[] {
	const text = 'mot '.repeat(CHARS_PER_PAGE / 4).trimEnd();
	return pages.map((page) => ({ i: page, text }));
}

/** Sorted pages as inclusive runs of consecutive pages, each at most `max` long. */
export function consecutiveRanges(
	pages: readonly number[],
	max = MAX_PAGES_PER_READ
): [number, number][] {
	const ranges: [number, number][] = [];
	for (const page of [...new Set(pages)].sort((a, b) => a - b)) {
		const last = ranges.at(-1);
		if (last && page === last[1] + 1 && page - last[0] < max) last[1] = page;
		else ranges.push([page, page]);
	}
	return ranges;
}
