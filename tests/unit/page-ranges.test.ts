import { describe, expect, it } from 'vitest';
import {
	describeSkippedPages,
	describeUnreadablePages,
	formatPageRanges,
	parsePageRanges,
	parseSkipSetting
} from '../../src/lib/shared/pipeline/page-ranges.ts';

describe('parsePageRanges', () => {
	it('reads single pages and ranges, sorted and without repeats', () => {
		expect(parsePageRanges('89, 1-4')).toEqual({ ok: true, pages: [1, 2, 3, 4, 89] });
		expect(parsePageRanges('3 2;2,  7 – 9')).toEqual({ ok: true, pages: [2, 3, 7, 8, 9] });
	});

	it('accepts the dashes a keyboard or a copy from the job card gives', () => {
		for (const dash of ['-', '–', '—', ' - ']) {
			expect(parsePageRanges(`5${dash}6`)).toEqual({ ok: true, pages: [5, 6] });
		}
	});

	it('reads empty text as no page', () => {
		expect(parsePageRanges('  ')).toEqual({ ok: true, pages: [] });
	});

	it.each([
		['1-4, x', /"x" is not a page/],
		['0', /numbered from 1/],
		['9-3', /first page comes after the last/],
		['1-999999', /beyond any book/],
		['1.5', /not a page/]
	])('refuses %s with a reason', (text, reason) => {
		const result = parsePageRanges(text);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toMatch(reason);
	});
});

describe('parseSkipSetting', () => {
	it('leaves skipping to the detector when the field is empty or says auto', () => {
		expect(parseSkipSetting('')).toEqual({ ok: true });
		expect(parseSkipSetting(' Auto ')).toEqual({ ok: true });
	});

	it('keeps every page for "none" (or "aucune")', () => {
		expect(parseSkipSetting('none')).toEqual({ ok: true, excludePages: [] });
		expect(parseSkipSetting('Aucune')).toEqual({ ok: true, excludePages: [] });
	});

	it("skips exactly the reader's pages otherwise", () => {
		expect(parseSkipSetting('1-2, 10')).toEqual({ ok: true, excludePages: [1, 2, 10] });
		expect(parseSkipSetting('pages 1-2')).toMatchObject({ ok: false });
	});
});

describe('formatPageRanges', () => {
	it('writes runs of pages as ranges with an en dash', () => {
		expect(formatPageRanges([9, 3, 7, 8])).toBe('3, 7–9');
		expect(formatPageRanges([1, 2])).toBe('1–2');
		expect(formatPageRanges([])).toBe('');
	});
});

describe('describeSkippedPages', () => {
	it('groups neighbouring pages that share a reason', () => {
		const text = describeSkippedPages([
			{ page: 573, reason: 'publisher or copyright page' },
			{ page: 1, reason: 'title page' },
			{ page: 2, reason: 'blank or image-only page' },
			{ page: 3, reason: 'table of contents' },
			{ page: 4, reason: 'table of contents' }
		]);
		expect(text).toBe(
			'1 (title page); 2 (blank or image-only page); 3–4 (table of contents); ' +
				'573 (publisher or copyright page)'
		);
	});
});

describe('describeUnreadablePages', () => {
	it('counts the pages and lists them as ranges', () => {
		expect(describeUnreadablePages([3, 7, 8, 9])).toBe(
			'4 pages could not be read (no text layer): 3, 7–9'
		);
		expect(describeUnreadablePages([2])).toBe('1 page could not be read (no text layer): 2');
	});
});
