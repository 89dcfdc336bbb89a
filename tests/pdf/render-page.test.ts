import { loadImage, createCanvas } from '@napi-rs/canvas';
import { degrees, PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { createPdfCore, PageRangeError, type RenderResult } from '../../src/lib/pdf/pdf-core.ts';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MAX_RENDER_SIDE } from '../../src/lib/pdf/page-scale.ts';
import { fixture, within } from './fixtures.ts';

const core = createNodePdfCore();
/** pdf.js's test manifest gives this password for issue3371.pdf. */
const ISSUE_3371_PASSWORD = 'ELXRTQWS';
/** mini-novel.pdf is A4: 595 × 842 points. */
const A4_RATIO = 842 / 595;

/** Share of pixels darker than mid-grey in a band of rows (fractions of the height). */
async function darkShare(image: Blob, top = 0, bottom = 1): Promise<number> {
	const decoded = await loadImage(Buffer.from(await image.arrayBuffer()));
	const canvas = createCanvas(decoded.width, decoded.height);
	const context = canvas.getContext('2d');
	context.drawImage(decoded, 0, 0);
	const y0 = Math.round(top * decoded.height);
	const rows = Math.round(bottom * decoded.height) - y0;
	const { data } = context.getImageData(0, y0, decoded.width, rows);
	let dark = 0;
	for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 384) dark++;
	return dark / (decoded.width * rows);
}

function rendered(result: RenderResult) {
	if (!result.ok) throw new Error(`render failed: ${result.code} ${result.message}`);
	return result;
}

describe('renderPage', () => {
	it('draws a page as a PNG of the asked width with the page’s proportions', async () => {
		const result = rendered(
			await within(core.renderPage(fixture('mini-novel.pdf'), 1, { width: 600 }))
		);
		expect(result).toMatchObject({
			page: 1,
			pageCount: 4,
			width: 600,
			pageWidth: 595,
			pageHeight: 842
		});
		expect(result.height).toBe(Math.round(600 * A4_RATIO));
		expect(result.image.type).toBe('image/png');
		const decoded = await loadImage(Buffer.from(await result.image.arrayBuffer()));
		expect([decoded.width, decoded.height]).toEqual([result.width, result.height]);
	});

	it('draws text where the page has it, upright, and vector drawings too', async () => {
		const prose = rendered(await core.renderPage(fixture('mini-novel.pdf'), 1, { width: 600 }));
		// Page 1: a header and two paragraphs in the top quarter, a page number at the foot.
		const top = await darkShare(prose.image, 0, 0.25);
		expect(top).toBeGreaterThan(0.01);
		expect(top).toBeLessThan(0.3);
		expect(await darkShare(prose.image, 0.3, 0.9)).toBe(0);
		// Page 2 has no text, only a drawn frame.
		const frame = rendered(await core.renderPage(fixture('mini-novel.pdf'), 2, { width: 600 }));
		expect(await darkShare(frame.image)).toBeGreaterThan(0.001);
	});

	it('takes the stored Blob as well as bytes, and leaves the bytes usable', async () => {
		const bytes = fixture('mini-novel.pdf');
		const fromBlob = rendered(await core.renderPage(new Blob([bytes.slice()]), 3, { scale: 1 }));
		expect([fromBlob.width, fromBlob.height]).toEqual([595, 842]);
		expect(rendered(await core.renderPage(bytes, 3, { scale: 1 })).width).toBe(595);
		expect(bytes.buffer.byteLength).toBe(fixture('mini-novel.pdf').length);
	});

	it('turns a rotated page the way a reader shows it', async () => {
		const doc = await PDFDocument.load(fixture('mini-novel.pdf'));
		doc.getPage(0).setRotation(degrees(90));
		const result = rendered(await core.renderPage(await doc.save(), 1, { width: 842 }));
		expect(result).toMatchObject({ pageWidth: 842, pageHeight: 595, width: 842, height: 595 });
	});

	it('keeps a huge request within the canvas limits', async () => {
		const result = rendered(
			await core.renderPage(fixture('mini-novel.pdf'), 4, { width: 100_000 })
		);
		expect(Math.max(result.width, result.height)).toBeLessThanOrEqual(MAX_RENDER_SIDE);
		expect(result.height / result.width).toBeCloseTo(A4_RATIO, 2);
	});

	it('encodes WebP when asked', async () => {
		const result = rendered(
			await core.renderPage(fixture('mini-novel.pdf'), 1, { width: 300, type: 'image/webp' })
		);
		expect(result.image.type).toBe('image/webp');
		expect(result.image.size).toBeGreaterThan(0);
	});

	it('asks for the password of an encrypted PDF, and draws it with the right one', async () => {
		const bytes = fixture('pdfjs__issue3371.pdf');
		expect(await core.renderPage(bytes, 1, { width: 200 })).toMatchObject({
			ok: false,
			code: 'password_required'
		});
		expect(await core.renderPage(bytes, 1, { width: 200, password: 'qwerty' })).toMatchObject({
			ok: false,
			code: 'wrong_password'
		});
		const opened = rendered(
			await within(core.renderPage(bytes, 1, { width: 200, password: ISSUE_3371_PASSWORD }))
		);
		expect(opened.width).toBe(200);
	});

	it('says a damaged or foreign file cannot be drawn, naming the stage', async () => {
		const damaged = await core.renderPage(fixture('ocrmypdf__invalid.pdf'), 1, { width: 200 });
		expect(damaged).toMatchObject({ ok: false, code: 'damaged' });
		expect(!damaged.ok && damaged.message).toContain('drawn as an image');
		expect(await core.renderPage(fixture('not-a-pdf.pdf'), 1)).toMatchObject({ code: 'not_pdf' });
	});

	it('rejects a page outside the document', async () => {
		await expect(core.renderPage(fixture('mini-novel.pdf'), 5)).rejects.toThrow(PageRangeError);
		await expect(core.renderPage(fixture('mini-novel.pdf'), 0)).rejects.toThrow(PageRangeError);
	});

	it('needs a render environment', async () => {
		const textOnly = createPdfCore(pdfjs);
		await expect(textOnly.renderPage(fixture('mini-novel.pdf'), 1)).rejects.toThrow(
			/render environment/u
		);
	});
});

describe('extract metadata', () => {
	it('gives the title and author from the PDF’s metadata', async () => {
		expect(await core.extract(fixture('mini-novel.pdf'))).toMatchObject({
			ok: true,
			title: 'Candide, extrait',
			author: 'Voltaire'
		});
	});

	it('leaves them out when the PDF has none', async () => {
		const doc = await PDFDocument.load(fixture('mini-novel.pdf'));
		doc.setTitle('  ');
		doc.setAuthor('');
		const result = await core.extract(await doc.save());
		expect(result.ok).toBe(true);
		expect(result).not.toHaveProperty('title');
		expect(result).not.toHaveProperty('author');
	});
});
