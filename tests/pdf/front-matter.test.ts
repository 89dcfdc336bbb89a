/**
 * Front and back matter on real books. Saint-Simon is a fixture; Germinal and Candide are read
 * from ../shared/corpus in place (their editions may not be copied into the repository), so
 * those tests skip, saying why, on a clone without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFrontBackMatter } from '../../src/lib/shared/pipeline/front-matter.ts';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { selectBodyPages } from '../../src/lib/shared/pipeline/page-selection.ts';
import { segmentPages } from '../../src/lib/shared/text/segment.ts';
import { fixture } from './fixtures.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/french/', import.meta.url));
const GERMINAL = CORPUS + 'zola_germinal__elg_word_acrobat.pdf';
const CANDIDE = CORPUS + 'voltaire_candide__ligaran_apache_fop.pdf';
const core = createNodePdfCore();

async function pagesOf(bytes: Uint8Array) {
	const result = await core.extract(bytes);
	if (!result.ok) throw new Error(result.message);
	return result;
}

describe('Saint-Simon, Mémoires XX (XeLaTeX)', () => {
	it('skips only the title page, so every body sentence is still processed', async () => {
		const extraction = await pagesOf(fixture('saint-simon_memoires_XX__pandoc_xetex_10pt.pdf'));
		expect(extraction.pages[0]).toBe('SAINT-SIMON\nMémoires XX');
		expect(detectFrontBackMatter(extraction.pages)).toEqual([{ page: 1, reason: 'title' }]);
		const all = segmentPages(extraction.pages);
		const body = segmentPages(selectBodyPages(extraction).pages);
		// Read whole, the title ran into the first heading: "SAINT-SIMON" | "Mémoires XX CHAPITRE
		// PREMIER.". Skipped, the heading stands alone and every later sentence is unchanged.
		expect(all.slice(0, 2).map((s) => s.text)).toEqual([
			'SAINT-SIMON',
			'Mémoires XX CHAPITRE PREMIER.'
		]);
		expect(body[0]).toMatchObject({ text: 'CHAPITRE PREMIER.', page: 2 });
		expect(body.slice(1).map((s) => s.text)).toEqual(all.slice(2).map((s) => s.text));
		expect(body.length).toBeGreaterThan(800);
	});
});

describe.skipIf(!existsSync(GERMINAL))(
	'Germinal (Word + Acrobat, an ebook edition; skipped when ../shared/corpus is absent)',
	() => {
		it('skips the title page, the blank page, the two-page table and the publisher page', async () => {
			const extraction = await pagesOf(new Uint8Array(readFileSync(GERMINAL)));
			expect(detectFrontBackMatter(extraction.pages)).toEqual([
				{ page: 1, reason: 'title' },
				{ page: 2, reason: 'blank' },
				{ page: 3, reason: 'contents' },
				{ page: 4, reason: 'contents' },
				{ page: 573, reason: 'publisher' }
			]);
			// The image on page 2 is matter, not a page that could not be read.
			expect(selectBodyPages(extraction).unreadable).toEqual([]);
		});
	}
);

describe.skipIf(!existsSync(CANDIDE))(
	'Candide (Apache FOP; skipped when ../shared/corpus is absent)',
	() => {
		it('skips the image pages before and after the text, and the copyright page', async () => {
			const extraction = await pagesOf(new Uint8Array(readFileSync(CANDIDE)));
			expect(detectFrontBackMatter(extraction.pages)).toEqual([
				{ page: 1, reason: 'blank' },
				{ page: 2, reason: 'blank' },
				{ page: 3, reason: 'blank' },
				{ page: 4, reason: 'blank' },
				{ page: 89, reason: 'blank' },
				{ page: 90, reason: 'publisher' }
			]);
			expect(selectBodyPages(extraction).unreadable).toEqual([]);
		});
	}
);
