import { describe, expect, it } from 'vitest';
import {
	selectBodyPages,
	SKIPPED_BY_READER
} from '../../src/lib/shared/pipeline/page-selection.ts';

const STORY =
	'Il y avait en Westphalie, dans le château de M. le baron, un jeune garçon à qui la nature avait donné les mœurs les plus douces. Sa physionomie annonçait son âme.';

/** A cover, a title page, three pages of story (one scanned), and a copyright page. */
const PAGES = [
	'',
	'VOLTAIRE\nCandide',
	STORY,
	'',
	STORY,
	'© Éditions du Test, 2024\nISBN 978-2-07-036002-4'
];

describe('selectBodyPages', () => {
	it('drops the detected front and back matter when the reader gave no list', () => {
		const selection = selectBodyPages({ pages: PAGES, emptyPages: [1, 4] });
		expect(selection.skipped).toEqual([
			{ page: 1, reason: 'blank or image-only page' },
			{ page: 2, reason: 'title page' },
			{ page: 6, reason: 'publisher or copyright page' }
		]);
		expect(selection.pages).toEqual(['', '', STORY, '', STORY, '']);
	});

	it('reports an empty page inside the story as unreadable, and a cover as skipped', () => {
		expect(selectBodyPages({ pages: PAGES, emptyPages: [1, 4] }).unreadable).toEqual([4]);
	});

	it("skips exactly the reader's pages, and detects nothing, when they gave a list", () => {
		// The extractor has already emptied the listed pages.
		const pages = ['', 'VOLTAIRE\nCandide', STORY, '', '', PAGES[5]];
		const selection = selectBodyPages({ pages, emptyPages: [1, 4] }, [5, 99]);
		expect(selection.skipped).toEqual([{ page: 5, reason: SKIPPED_BY_READER }]);
		expect(selection.pages).toEqual(pages);
		expect(selection.unreadable).toEqual([1, 4]);
	});

	it('keeps every page for an empty list', () => {
		const selection = selectBodyPages({ pages: PAGES, emptyPages: [1, 4] }, []);
		expect(selection.skipped).toEqual([]);
		expect(selection.pages).toEqual(PAGES);
	});
});
