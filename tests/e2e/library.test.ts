import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { runAxe, serious } from './axe.ts';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';

const MINI = join(FIXTURES, 'mini-novel.pdf');
const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
/** The machine running the tests may be shared and loaded: give the page time. */
const SLOW = { timeout: 20_000 };
const FINISHED = /^(completed|completed_with_errors|failed|cancelled)$/u;

let browser: Browser;
let stack: Stack;
beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
});
afterAll(async () => {
	await stack?.close();
	await browser?.close();
});

/** A job, with the rows it owns, as the page's IndexedDB holds them. */
interface BookRows {
	id: string;
	name: string;
	fileHash: string;
	status: string;
	rerunOf?: string;
	settings: { limit: number };
	currentStep: string;
	sentences: string[];
	results: string[][];
}

/** Every job of the page with its own sentences and results, and the stored PDFs' hashes. */
function readBooks(page: Page): Promise<{ books: BookRows[]; files: string[] }> {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const all = <T>(store: string) =>
			new Promise<T[]>((res, rej) => {
				const req = idb.transaction(store).objectStore(store).getAll();
				req.onsuccess = () => res(req.result as T[]);
				req.onerror = () => rej(req.error);
			});
		type Row = { jobId: string; index?: number; sentenceIndex?: number };
		const jobs = await all<Omit<BookRows, 'sentences' | 'results'>>('jobs');
		// Stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
		const blocks = await all<{ jobId: string; sentences: { index: number; text: string }[] }>(
			'sentenceBlocks'
		);
		const sentences: (Row & { text: string })[] = blocks.flatMap((b) =>
			b.sentences.map((s) => ({ ...s, jobId: b.jobId }))
		);
		const results: (Row & { sentences: string[] })[] = (
			await all<{ jobId: string; results: { sentenceIndex: number; sentences: string[] }[] }>(
				'resultBlocks'
			)
		).flatMap((b) => b.results.map((r) => ({ ...r, jobId: b.jobId })));
		const files = (await all<{ hash: string }>('files')).map((f) => f.hash);
		idb.close();
		const books = jobs.map((j) => ({
			...j,
			sentences: sentences
				.filter((s) => s.jobId === j.id)
				.sort((a, b) => a.index! - b.index!)
				.map((s) => s.text),
			results: results
				.filter((r) => r.jobId === j.id)
				.sort((a, b) => a.sentenceIndex! - b.sentenceIndex!)
				.map((r) => r.sentences)
		}));
		return { books, files };
	});
}

/** Drops a PDF on the home page and waits until its job (the newest card) has ended. */
async function addBook(page: Page, file: string): Promise<void> {
	const before = await page.getByTestId('job').count();
	await page.getByTestId('file-input').setInputFiles(file);
	await expect.poll(() => page.getByTestId('job').count(), { timeout: 10_000 }).toBe(before + 1);
	await expect
		.poll(() => page.getByTestId('job').first().getAttribute('data-status'), { timeout: 90_000 })
		.toMatch(FINISHED);
}

/** The number a `data-bytes` attribute holds. */
async function bytesOf(page: Page, testId: string): Promise<number> {
	return Number(await page.getByTestId(testId).getAttribute('data-bytes'));
}

/**
 * Counts the PDF worker's `extract` calls in the page: every Comlink call to a worker is a
 * postMessage of `{ type: 'APPLY', path }`, so wrapping Worker.prototype.postMessage sees
 * them without any hook in the app.
 */
function countExtractCalls(page: Page) {
	return page.addInitScript(() => {
		const w = window as unknown as { __extractCalls: number };
		w.__extractCalls = 0;
		const post = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
			const m = message as { type?: string; path?: string[] } | null;
			if (m?.type === 'APPLY' && m.path?.at(-1) === 'extract') w.__extractCalls += 1;
			return (post as (...args: unknown[]) => void).call(this, message, ...rest);
		} as typeof Worker.prototype.postMessage;
	});
}
const extractCalls = (page: Page) =>
	page.evaluate(() => (window as unknown as { __extractCalls: number }).__extractCalls);

describe('library', () => {
	it('deletes one of two books from the keyboard; the other stays whole and the storage shown drops', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		await addBook(page, MINI);
		await addBook(page, SAINT_SIMON);
		const before = await readBooks(page);
		expect(before.books).toHaveLength(2);
		expect(before.files).toHaveLength(2);
		const big = before.books.find((b) => b.name.startsWith('saint-simon'))!;
		const kept = before.books.find((b) => b.name === 'mini-novel')!;
		expect(big.sentences.length).toBeGreaterThan(800);
		expect(kept.sentences.length).toBeGreaterThan(0);

		await page.getByTestId('library-link').click();
		await page.waitForURL(/\/library$/u);
		await expect.poll(() => page.getByTestId('library-book').count(), SLOW).toBe(2);
		// Every book says what it takes: the PDF's size at least, once its text is counted.
		const bigCard = page.locator(`[data-job-id="${big.id}"]`);
		await expect
			.poll(() => bigCard.getByRole('definition').last().textContent())
			.toMatch(/^\d[\d.]* (kB|MB)$/u);
		await expect
			.poll(() => bytesOf(page, 'library-books-bytes'))
			.toBeGreaterThan(statSync(SAINT_SIMON).size);
		const booksBefore = await bytesOf(page, 'library-books-bytes');
		await expect.poll(() => bytesOf(page, 'library-storage-total')).toBeGreaterThan(0);
		const totalBefore = await bytesOf(page, 'library-storage-total');
		expect(await page.getByTestId('library-persisted').getAttribute('data-persisted')).toMatch(
			/^(true|false)$/u
		);
		expect(serious(await runAxe(page))).toEqual([]);

		// Keyboard only: Delete, then the dialog's first button is Keep, the next one Delete.
		await bigCard.getByTestId('library-delete').focus();
		await page.keyboard.press('Enter');
		const dialog = page.getByTestId('library-confirm');
		await expect.poll(() => dialog.isVisible()).toBe(true);
		expect(await dialog.textContent()).toMatch(/Delete “.*”\?/u);
		expect(serious(await runAxe(page))).toEqual([]);
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Delete');
		await page.keyboard.press('Enter');

		await expect.poll(() => page.getByTestId('library-book').count(), SLOW).toBe(1);
		expect(await page.getByTestId('library-book').getAttribute('data-job-id')).toBe(kept.id);
		expect(await page.getByTestId('library-notice').textContent()).toMatch(/was deleted/u);
		const after = await readBooks(page);
		expect(after.books.map((b) => b.id)).toEqual([kept.id]);
		// The kept book is untouched, row for row; nothing of the deleted one is left.
		expect(after.books[0]).toEqual(kept);
		expect(after.files).toEqual([kept.fileHash]);

		await expect
			.poll(() => bytesOf(page, 'library-books-bytes'), SLOW)
			.toBeLessThan(booksBefore - statSync(SAINT_SIMON).size);
		// The browser's own estimate drops too, once IndexedDB has let the PDF's blob go.
		await expect
			.poll(
				async () => {
					await page.reload();
					return bytesOf(page, 'library-storage-total');
				},
				{ timeout: 30_000, interval: 1_000 }
			)
			.toBeLessThan(totalBefore);

		// Its rows are still there on its own page.
		await page.getByTestId('library-open').click();
		await page.waitForURL(new RegExp(`/book/${kept.id}$`, 'u'));
		await expect
			.poll(() => page.getByTestId('sentence-count').textContent(), { timeout: 10_000 })
			.toMatch(new RegExp(`^${kept.sentences.length}\\b`, 'u'));
		expect(errors).toEqual([]);
		await context.close();
	});

	it('runs a book again with another limit from its stored sentences, without extracting it again', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		await countExtractCalls(page);
		await page.reload();
		await addBook(page, MINI);
		const extractedOnce = await extractCalls(page);
		expect(extractedOnce).toBeGreaterThan(0);
		const [old] = (await readBooks(page)).books;
		expect(old.settings.limit).toBe(8);

		await page.getByTestId('library-link').click();
		await page.waitForURL(/\/library$/u);
		await page.getByTestId('library-rerun').click();
		const dialog = page.getByTestId('library-rerun-dialog');
		await expect.poll(() => dialog.isVisible()).toBe(true);
		expect(serious(await runAxe(page))).toEqual([]);
		await page.getByTestId('library-rerun-limit').fill('4');
		await page.getByTestId('library-rerun-start').click();

		await expect.poll(() => page.getByTestId('library-book').count(), SLOW).toBe(2);
		const rerunCard = page.locator(`[data-testid="library-book"]:not([data-job-id="${old.id}"])`);
		await expect
			.poll(() => rerunCard.getAttribute('data-status'), { timeout: 30_000 })
			.toBe('completed');

		const { books, files } = await readBooks(page);
		const rerun = books.find((b) => b.id !== old.id)!;
		expect(rerun.rerunOf).toBe(old.id);
		expect(rerun.settings.limit).toBe(4);
		// No second extraction: the worker was never asked, and the sentences are the old ones.
		expect(await extractCalls(page)).toBe(extractedOnce);
		expect(rerun.sentences).toEqual(old.sentences);
		expect(rerun.results).toHaveLength(old.sentences.length);
		for (const out of rerun.results.flat()) expect(countWords(out), out).toBeLessThanOrEqual(4);
		expect(rerun.results.flat().length).toBeGreaterThan(old.results.flat().length);
		// One PDF for both entries, and the old entry is as it was.
		expect(files).toEqual([old.fileHash]);
		expect(books.find((b) => b.id === old.id)).toEqual(old);

		await page.screenshot({ path: '/tmp/library.png', fullPage: true });

		// Bulk delete: both finished entries at once, and then the PDF they shared goes too.
		await page.getByTestId('library-select-all').check();
		await page.getByTestId('library-delete-selected').click();
		expect(await page.getByTestId('library-confirm').textContent()).toMatch(/Delete 2 books\?/u);
		await page.getByTestId('library-confirm-delete').click();
		await expect.poll(() => page.getByTestId('library-empty').count(), SLOW).toBe(1);
		expect(await readBooks(page)).toEqual({ books: [], files: [] });
		expect(errors).toEqual([]);
		await context.close();
	});
});
