/**
 * Garbled text layers in Node: a TrueType font without a cmap, a subset TrueType without a
 * Unicode mapping and a Type 3 font without one decode to garbage, and their pages are read
 * like scans; real French pages, even with few words, are not.
 */
import { describe, expect, it } from 'vitest';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { garbleSign } from '../../src/lib/shared/pipeline/garbled-pages.ts';
import { selectBodyPages } from '../../src/lib/shared/pipeline/page-selection.ts';
import { fixture } from './fixtures.ts';

const core = createNodePdfCore();

async function bodyOf(file: string) {
	const extraction = await core.extract(fixture(file), { allowNoText: true });
	if (!extraction.ok) throw new Error(extraction.message);
	return selectBodyPages(extraction, []);
}

describe('garbled text layers', () => {
	it.each([
		'pdfjs__TrueType_without_cmap.pdf',
		'ocrmypdf__truetype_font_nomapping.pdf',
		'pdfjs__simpletype3font.pdf'
	])('%s: its page is emptied and listed as unreadable, like a scan', async (file) => {
		const body = await bodyOf(file);
		expect(body.garbled).toEqual([1]);
		expect(body.unreadable).toEqual([1]);
		expect(body.pages).toEqual(['']);
	});

	it.each([
		'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf',
		'mini-novel.pdf',
		'pdfjs__french_diacritics.pdf',
		'pdfjs__bug1868759.pdf',
		'pdfjs__copy_paste_ligatures.pdf',
		'pdfjs__ArabicCIDTrueType.pdf',
		'pysample__multicolumn.pdf'
	])('%s: no page is taken for garbage', async (file) => {
		expect((await bodyOf(file)).garbled).toEqual([]);
	});
});

describe('garbleSign', () => {
	it('passes French pages with few words: titles, headings, contents, dialogue', () => {
		for (const page of [
			'CANDIDE',
			'VOLTAIRE\nCandide\nou l’optimisme',
			'CHAPITRE III',
			'FIN',
			'Table des matières\nI. Comment Candide fut élevé . . . . . . . . 5\nII. Ce que devint Candide . . . 9',
			'– Oui.\n– Non !\n– Peut-être…',
			'« Tout est au mieux. »',
			'1759'
		]) {
			expect(garbleSign(page), page).toBeNull();
		}
	});

	it('names why a page is garbage: symbols, non-words, or no common word at all', () => {
		expect(garbleSign('’>in')).toBe('symbols');
		expect(garbleSign('"7+%-')).toBe('symbols');
		expect(garbleSign('\ue001\ue002\ue003 \ue004')).toBe('symbols');
		expect(garbleSign('ababab')).toBe('tokens');
		expect(garbleSign('xzq bcdf ghjk mnp')).toBe('tokens');
		// Shifted French keeps letters and vowels but loses every common word.
		expect(garbleSign('Ulo bavo keri somu tali piro nega dumo. '.repeat(6))).toBe('words');
		expect(garbleSign('Oh mhxqh krpph hvw vruwl gh od pdlvrq. '.repeat(6))).toBe('tokens');
	});
});
