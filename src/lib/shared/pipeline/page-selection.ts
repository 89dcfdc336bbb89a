import { detectFrontBackMatter, MATTER_LABELS } from './front-matter.ts';
import { garbledPages } from './garbled-pages.ts';
import type { SkippedPage } from './page-ranges.ts';

/** Why a page the reader listed in "Pages to skip" was left out. */
export const SKIPPED_BY_READER = 'as you asked';

/** The pages that go on to segmentation, and what was left out. */
export interface PageSelection {
	/** pages[0] is page 1; skipped pages are "". */
	pages: string[];
	skipped: SkippedPage[];
	/**
	 * Pages neither skipped nor readable: no text layer (scanned), drawn as curves, or a text
	 * layer that decodes to garbage.
	 */
	unreadable: number[];
	/** Those of `unreadable` whose text layer decodes to garbage (garbled-pages.ts). */
	garbled: number[];
}

/**
 * Chooses the body pages of an extraction. With no `excludePages` (the default), the detected
 * front and back matter is dropped. With a list, the reader decided: those pages were already
 * left out by the extractor, and nothing else is dropped (an empty list keeps every page).
 * A blank or image-only page inside the matter (a cover) is skipped, not unreadable.
 */
export function selectBodyPages(
	extraction: { pages: readonly string[]; emptyPages?: readonly number[] },
	excludePages?: readonly number[]
): PageSelection {
	const pages = [...extraction.pages];
	let skipped: SkippedPage[];
	if (excludePages === undefined) {
		skipped = detectFrontBackMatter(pages).map((m) => ({
			page: m.page,
			reason: MATTER_LABELS[m.reason]
		}));
		for (const s of skipped) pages[s.page - 1] = '';
	} else {
		skipped = [...new Set(excludePages)]
			.filter((p) => p >= 1 && p <= pages.length)
			.sort((a, b) => a - b)
			.map((page) => ({ page, reason: SKIPPED_BY_READER }));
	}
	const gone = new Set(skipped.map((s) => s.page));
	// A garbled page is read like a scan: emptied here, and read from its image in AI mode.
	const garbled = garbledPages(pages);
	for (const page of garbled) pages[page - 1] = '';
	const unreadable = [
		...(extraction.emptyPages ?? []).filter((p) => !gone.has(p)),
		...garbled
	].sort((a, b) => a - b);
	return { pages, skipped, unreadable, garbled };
}
