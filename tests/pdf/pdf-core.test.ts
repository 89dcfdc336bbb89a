import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { PageRangeError, toWorkerApi } from '../../src/lib/pdf/pdf-core.ts';
import { fixture, within } from './fixtures.ts';

const core = createNodePdfCore();
/** pdf.js's test manifest gives this password for issue3371.pdf. */
const ISSUE_3371_PASSWORD = 'ELXRTQWS';

const MINI_NOVEL_PAGES = [
	"Il y avait en Westphalie, dans le château de M. le baron de Thunder-ten-tronckh, un jeune garçon à qui la nature avait donné les mœurs les plus douces. Sa physionomie annonçait son âme. « Qu'en pensez-vous ? » dit-il.\n" +
		'Monsieur le baron était un des plus puissants seigneurs de la Westphalie, car son château avait une porte et des fenêtres.',
	'',
	"Madame la baronne, qui pesait environ trois cent cinquante livres, s'attirait par là une très grande considération, et faisait les honneurs de la maison avec une dignité qui la rendait encore plus respectable. N'avez-vous pas vu sa fille ? Elle était fraîche, grasse et considérable.",
	"Le précepteur Pangloss était l'oracle de la maison.\nPangloss enseignait la métaphysico-théologo-cosmolo-nigologie."
];

async function pageCount(pdf: Uint8Array): Promise<number> {
	return (await PDFDocument.load(pdf, { ignoreEncryption: true })).getPageCount();
}

describe('inspect', () => {
	it('reports page count, text and image pages, title and author', async () => {
		expect(await core.inspect(fixture('mini-novel.pdf'))).toEqual({
			ok: true,
			pageCount: 4,
			encrypted: false,
			textPages: [1, 3, 4],
			imagePages: [2],
			damagedPages: [],
			title: 'Candide, extrait',
			author: 'Voltaire'
		});
	});

	it('asks for a password, refuses a wrong one and opens with the right one', async () => {
		const bytes = fixture('pdfjs__issue3371.pdf');
		expect(await core.inspect(bytes)).toEqual({
			ok: false,
			code: 'password_required',
			message: 'This file is password-protected. Enter its password to open it.'
		});
		expect(await core.inspect(bytes, 'qwerty')).toMatchObject({
			ok: false,
			code: 'wrong_password'
		});
		expect(await core.inspect(bytes, ISSUE_3371_PASSWORD)).toMatchObject({
			ok: true,
			encrypted: true,
			pageCount: 1,
			// A scanned page behind the password.
			imagePages: [1]
		});
	});
});

describe('extract', () => {
	it('gives body text per page: headers, page numbers and footnotes gone, words rejoined', async () => {
		const result = await core.extract(fixture('mini-novel.pdf'));
		expect(result).toEqual({
			ok: true,
			pages: MINI_NOVEL_PAGES,
			pageCount: 4,
			emptyPages: [2],
			title: 'Candide, extrait',
			author: 'Voltaire'
		});
	});

	it('reports progress after every page', async () => {
		const calls: [number, number][] = [];
		await core.extract(fixture('mini-novel.pdf'), { onProgress: (p, t) => calls.push([p, t]) });
		expect(calls).toEqual([
			[1, 4],
			[2, 4],
			[3, 4],
			[4, 4]
		]);
	});

	it('carries on when the progress callback fails', async () => {
		const result = await core.extract(fixture('mini-novel.pdf'), {
			onProgress: () => {
				throw new Error('display gone');
			}
		});
		expect(result.ok).toBe(true);
	});

	it('leaves excluded pages out, as "" and not counted empty', async () => {
		const result = await core.extract(fixture('mini-novel.pdf'), { excludePages: [1] });
		expect(result).toMatchObject({ ok: true, emptyPages: [2] });
		expect(result.ok && result.pages[0]).toBe('');
		expect(result.ok && result.pages[3]).toBe(MINI_NOVEL_PAGES[3]);
	});

	it('says so when every page is excluded', async () => {
		const result = await core.extract(fixture('mini-novel.pdf'), { excludePages: [1, 2, 3, 4] });
		expect(result).toMatchObject({ ok: false, code: 'no_text' });
		expect(!result.ok && result.message).toContain('excluded');
	});

	it('opens an encrypted PDF with its password, and finds a scan behind it', async () => {
		const bytes = fixture('pdfjs__issue3371.pdf');
		expect(await core.extract(bytes, { password: 'qwerty' })).toMatchObject({
			code: 'wrong_password'
		});
		expect(await core.extract(bytes, { password: ISSUE_3371_PASSWORD })).toMatchObject({
			ok: false,
			code: 'no_text',
			message: expect.stringMatching(/^No page of this PDF has a text layer: it looks scanned\./u)
		});
	});

	it("leaves the caller's bytes usable (pdf.js is handed a copy)", async () => {
		const bytes = fixture('mini-novel.pdf');
		const length = bytes.length;
		await core.extract(bytes);
		await core.inspect(bytes);
		expect(bytes.buffer.byteLength).toBe(length);
		expect(await core.extract(bytes)).toMatchObject({ ok: true });
	});

	it('refuses a file above the size limit', async () => {
		const small = createNodePdfCore({ maxBytes: 1000 });
		expect(await small.extract(fixture('mini-novel.pdf'))).toMatchObject({
			ok: false,
			code: 'too_large'
		});
	});
});

describe('split', () => {
	it('cuts 1-based inclusive page ranges into small PDFs', async () => {
		const result = await core.split(fixture('mini-novel.pdf'), [
			[2, 2],
			[3, 4]
		]);
		if (!result.ok) throw new Error(result.message);
		expect(await Promise.all(result.parts.map(pageCount))).toEqual([1, 2]);
	});

	it('cuts a whole book into ranges that add up to its pages', async () => {
		const ranges: [number, number][] = [];
		for (let first = 1; first <= 121; first += 4) ranges.push([first, Math.min(first + 3, 121)]);
		const result = await within(
			core.split(fixture('saint-simon_memoires_XX__pandoc_xetex_10pt.pdf'), ranges)
		);
		if (!result.ok) throw new Error(result.message);
		const counts = await Promise.all(result.parts.map(pageCount));
		expect(counts.reduce((a, b) => a + b, 0)).toBe(121);
	});

	it('cuts an encrypted PDF through pdf.js, keeping its encryption', async () => {
		const bytes = fixture('pdfjs__issue3371.pdf');
		expect(await core.split(bytes, [[1, 1]])).toMatchObject({ code: 'password_required' });
		const result = await core.split(bytes, [[1, 1]], { password: ISSUE_3371_PASSWORD });
		if (!result.ok) throw new Error(result.message);
		expect(await pageCount(result.parts[0])).toBe(1);
		// The part needs the same password as the original.
		expect(await core.inspect(result.parts[0])).toMatchObject({ code: 'password_required' });
	});

	it('answers with a failure for a file that is not a PDF', async () => {
		expect(await core.split(fixture('not-a-pdf.pdf'), [[1, 1]])).toMatchObject({
			ok: false,
			code: 'not_pdf'
		});
	});

	it('ends on a PDF whose page tree loops', async () => {
		const result = await within(core.split(fixture('pdfjs__Pages-tree-refs.pdf'), [[1, 1]]));
		expect(result.ok || result.code === 'damaged').toBe(true);
	});

	it('throws on a range outside the document, a bug in the caller', async () => {
		await expect(core.split(fixture('mini-novel.pdf'), [[3, 9]])).rejects.toThrow(PageRangeError);
		await expect(core.split(fixture('mini-novel.pdf'), [[0, 1]])).rejects.toThrow(PageRangeError);
	});
});

describe('toWorkerApi', () => {
	it('takes the progress callback as a separate argument, for Comlink', async () => {
		const pages: number[] = [];
		const api = toWorkerApi(core);
		const result = await api.extract(fixture('mini-novel.pdf'), { excludePages: [2] }, (p) =>
			pages.push(p)
		);
		expect(result).toMatchObject({ ok: true, emptyPages: [] });
		expect(pages).toEqual([1, 2, 3, 4]);
	});
});
