/**
 * Front and back matter in the built app: detected matter is skipped by default and the job
 * card says which pages and why; "Pages to skip" replaces the detection with the reader's
 * list; a list that cannot be read stops the drop with its reason. Mechanical mode, no account.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, serious } from './axe.ts';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';

let browser: Browser;
let stack: Stack;

beforeAll(async () => {
	[browser, stack] = await Promise.all([launchChromium(), startStack({ ai: false })]);
});

afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

/** Drops `file` (a fixture's name, or a path) and waits for its job to end; returns the first job card. */
async function drop(page: Page, file: string) {
	await page
		.getByTestId('file-input')
		.setInputFiles(file.includes('/') ? file : join(FIXTURES, file));
	const card = page.getByTestId('job').first();
	await expect
		.poll(() => card.getAttribute('data-status'), { timeout: 60_000 })
		.toMatch(/^(?:completed|completed_with_errors|failed|paused)$/u);
	return card;
}

describe('pages to skip', () => {
	it('skips the title page of Saint-Simon by default and says so on the job card', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		const card = await drop(page, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
		expect(await card.getAttribute('data-status')).toBe('completed');
		expect(await card.getByTestId('job-skipped').textContent()).toMatch(
			/^\s*Pages skipped: 1 \(title page\)\.\s*$/u
		);
		expect(await card.getByTestId('job-unreadable').count()).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});

	it("skips only the reader's pages, and tells which pages could not be read", async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await page.getByTestId('skip-pages').fill('4');
		const card = await drop(page, 'mini-novel.pdf');
		expect(await card.getAttribute('data-status')).toBe('completed');
		expect(await card.getByTestId('job-skipped').textContent()).toContain('4 (as you asked)');
		expect(await card.getByTestId('job-unreadable').textContent()).toContain(
			'1 page could not be read (no text layer): 2'
		);
		await context.close();
	});

	it('refuses a drop while "Pages to skip" cannot be read, and says why', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await page.getByTestId('skip-pages').fill('1-x');
		expect(await page.getByTestId('skip-pages-error').textContent()).toMatch(/"1-x" is not a page/);
		await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'mini-novel.pdf'));
		await expect
			.poll(() => page.getByTestId('notice').textContent())
			.toMatch(/Pages to skip: "1-x" is not a page/);
		expect(await page.getByTestId('job').count()).toBe(0);
		await context.close();
	});

	it('names the pages whose text decodes to garbage apart from the scanned ones', async () => {
		// mini-novel (its page 2 is a scan) with a page of garbage after page 3: French as a
		// TrueType font without a cmap decodes it, each character read 29 code points too low.
		const book = await PDFDocument.load(readFileSync(join(FIXTURES, 'mini-novel.pdf')));
		const font = await book.embedFont(StandardFonts.Helvetica);
		const garbled = book.insertPage(3, [595, 842]);
		const prose =
			'Il y avait en Westphalie, dans le chateau de monsieur le baron, un jeune garcon a qui ' +
			'la nature avait donne les moeurs les plus douces. Sa physionomie annoncait son ame.';
		const decoded = prose.replace(/[A-Za-z]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 29));
		for (let line = 0; line < 30; line++) {
			const start = (line * 37) % (decoded.length - 60);
			garbled.drawText(decoded.slice(start, start + 60), {
				x: 60,
				y: 760 - line * 22,
				size: 12,
				font
			});
		}
		const path = join(mkdtempSync(join(tmpdir(), 'fnt-garbled-')), 'mixed-book.pdf');
		writeFileSync(path, await book.save());

		const { context, page, errors } = await openApp(browser, stack.relay.url);
		const card = await drop(page, path);
		expect(await card.getAttribute('data-status')).toBe('completed');
		expect(await card.getByTestId('job-unreadable').allTextContents()).toEqual([
			expect.stringContaining('1 page could not be read (no text layer): 2.'),
			expect.stringContaining(
				'1 page has text that cannot be decoded (its font maps no letters): 4.'
			)
		]);
		// A book that is all garbage fails, naming its page and the way out.
		await page
			.getByTestId('file-input')
			.setInputFiles(join(FIXTURES, 'pdfjs__TrueType_without_cmap.pdf'));
		const failed = page.getByTestId('job').filter({ hasText: 'pdfjs__TrueType_without_cmap' });
		await expect.poll(() => failed.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
		expect(await failed.getByTestId('job-error').textContent()).toMatch(
			/cannot be decoded: .*page 1 reads as garbage.*choose AI mode/u
		);
		// ...once: not again in a note beside it.
		expect(await failed.getByTestId('job-unreadable').count()).toBe(0);
		expect(serious(await runAxe(page))).toEqual([]);

		// In French and dark, the same notes, as readable.
		await page.getByTestId('language-select').selectOption('fr');
		await page.getByTestId('theme-select').selectOption('dark');
		const mixed = page.getByTestId('job').filter({ hasText: 'mixed-book' });
		await expect
			.poll(() => mixed.getByTestId('job-unreadable').allTextContents())
			.toEqual([
				expect.stringContaining('1 page n’a pas pu être lue (pas de couche texte) : 2.'),
				expect.stringContaining('1 page a un texte indéchiffrable')
			]);
		expect(await failed.getByTestId('job-error').textContent()).toMatch(/indéchiffrable/u);
		expect(serious(await runAxe(page))).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});
});
