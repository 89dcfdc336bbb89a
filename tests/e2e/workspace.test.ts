import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../src/lib/db/row-blocks.ts';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';

let browser: Browser;
let stack: Stack;
let page: Page;
let bookUrl: string;
let errors: string[];

/** The one job's id and the text of its stored result for a sentence, from IndexedDB. */
function stored(p: Page, sentenceIndex = 0) {
	return p.evaluate(
		async ({ i, blockSize }) => {
			const req = indexedDB.open('french-novel-tool');
			const idb = await new Promise<IDBDatabase>((res, rej) => {
				req.onsuccess = () => res(req.result);
				req.onerror = () => rej(req.error);
			});
			const get = <T>(store: string, key?: IDBValidKey) =>
				new Promise<T>((res) => {
					const os = idb.transaction(store).objectStore(store);
					const r = key === undefined ? os.getAll() : os.get(key);
					r.onsuccess = () => res(r.result as T);
				});
			const jobs = await get<{ id: string }[]>('jobs');
			// Results are stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
			type Entry = {
				sentenceIndex: number;
				sentences: string[];
				edited: boolean;
				original?: string[];
			};
			const block = await get<{ results: Entry[] }>('resultBlocks', [
				jobs[0].id,
				Math.floor(i / blockSize)
			]);
			const result = block.results.find((r) => r.sentenceIndex === i);
			if (!result) throw new Error(`sentence ${i} has no stored result`);
			idb.close();
			return { jobId: jobs[0].id, result };
		},
		{ i: sentenceIndex, blockSize: BLOCK_SIZE }
	);
}

const shown = async (p: Page) =>
	Number(/\d+/.exec((await p.getByTestId('shown-count').textContent()) ?? '')?.[0]);

/** The first row whose outputs were split (the fixture's first sentence is 28 words). */
const splitRow = (p: Page) => p.locator('[data-testid=result-row][data-index="0"]');

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
	({ page, errors } = await openApp(browser, stack.relay.url));
	await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'mini-novel.pdf'));
	await page.waitForSelector('[data-testid=job][data-status=completed]', { timeout: 60_000 });
	const { jobId } = await stored(page);
	bookUrl = `${stack.relay.url}/book/${jobId}`;
	await page.goto(bookUrl);
	await page.getByTestId('result-row').first().waitFor();
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

describe('a book’s results workspace', () => {
	it('shows every sentence of the book beside its outputs, with how each was made', async () => {
		const total = await page.getByTestId('sentence-count').textContent();
		expect(total).toMatch(/^\d+ sentences?$/);
		const n = Number(/\d+/.exec(total!)![0]);
		expect(n).toBeGreaterThan(3);
		expect(await page.getByTestId('result-row').count()).toBeGreaterThan(0);
		expect(await splitRow(page).getAttribute('data-how')).toBe('mechanical');
		expect(await splitRow(page).getByTestId('output-sentence').count()).toBeGreaterThan(1);
		await expect
			.poll(() => page.locator('[data-testid=result-row][data-how=unchanged]').count())
			.toBeGreaterThan(0);
	});

	it('finds "château" whether the reader types the accent or not', async () => {
		const all = await shown(page);
		const search = page.getByTestId('book-search');
		await search.fill('chateau');
		await expect.poll(() => shown(page)).toBeLessThan(all);
		const withoutAccent = await shown(page);
		expect(withoutAccent).toBeGreaterThan(0);
		for (const text of await page.getByTestId('result-row').allTextContents()) {
			expect(text.toLowerCase()).toContain('château');
		}
		await search.fill('CHÂTEAU');
		await expect.poll(() => shown(page)).toBe(withoutAccent);
		await search.fill('');
		await expect.poll(() => shown(page)).toBe(all);
	});

	it('keeps an edit across a reload, marked edited, and puts it in the CSV export', async () => {
		const before = (await stored(page)).result.sentences;
		await splitRow(page).getByTestId('row-edit').click();
		const field = page.getByTestId('edit-sentence').first();
		// Over the limit first: the live count warns before anything is saved.
		await field.fill('Il y avait en Westphalie un très beau et très grand château.');
		await expect.poll(() => page.getByTestId('over-limit').count()).toBe(1);
		await field.fill('Le château se dressait en Westphalie.');
		await expect.poll(() => page.getByTestId('over-limit').count()).toBe(0);
		await field.press('Enter');
		await expect.poll(async () => (await stored(page)).result.edited).toBe(true);
		expect((await stored(page)).result.original).toEqual(before);

		await page.reload();
		await splitRow(page).waitFor();
		expect(await splitRow(page).getByTestId('output-sentence').first().textContent()).toBe(
			'Le château se dressait en Westphalie.'
		);
		expect(await splitRow(page).getByTestId('row-edited').isVisible()).toBe(true);
		await page.getByTestId('filter-edited').check();
		await expect.poll(() => shown(page)).toBe(1);
		await page.getByTestId('filter-edited').uncheck();

		await page.getByTestId('export-format').selectOption('csv');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('export-download').click()
		]);
		const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
		const cells = Papa.parse<string[]>(csv.trim()).data.flat();
		expect(cells).toContain('Le château se dressait en Westphalie.');
		expect(cells).not.toContain(before[0]);
	});

	it('reverts an edit to what the splitter gave', async () => {
		const { original } = (await stored(page)).result;
		await splitRow(page).getByTestId('row-revert').click();
		await expect.poll(async () => (await stored(page)).result.edited).toBe(false);
		expect((await stored(page)).result.sentences).toEqual(original);
		expect(await splitRow(page).getByTestId('row-edited').count()).toBe(0);
		expect(await splitRow(page).getByTestId('output-sentence').first().textContent()).toBe(
			original![0]
		);
	});

	it('moves between rows with the arrow keys and j/k, edits with Enter, cancels with Esc', async () => {
		const focused = () =>
			page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.pos);
		await splitRow(page).focus();
		expect(await focused()).toBe('0');
		await page.keyboard.press('ArrowDown');
		await expect.poll(focused).toBe('1');
		await page.keyboard.press('j');
		await expect.poll(focused).toBe('2');
		await page.keyboard.press('k');
		await expect.poll(focused).toBe('1');
		// Only the focused row is in the Tab order.
		expect(await page.locator('[data-testid=result-row][tabindex="0"]').count()).toBe(1);

		const row = page.locator('[data-testid=result-row][data-pos="1"]');
		const text = await row.getByTestId('output-sentence').first().textContent();
		await page.keyboard.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
			.toBe('edit-sentence');
		await page.keyboard.type(' Autre chose');
		await page.keyboard.press('Escape');
		await expect.poll(focused).toBe('1');
		expect(await page.getByTestId('edit-sentence').count()).toBe(0);
		expect(await row.getByTestId('output-sentence').first().textContent()).toBe(text);
	});

	it('narrows to a page range and jumps to a page', async () => {
		await page.getByTestId('page-from').fill('3');
		await expect
			.poll(async () => {
				const pages = await page
					.getByTestId('result-row')
					.evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
				return pages.length > 0 && pages.every((t) => !/p\. 1\b/.test(t));
			})
			.toBe(true);
		await page.getByTestId('page-from').fill('');
		await page.getByTestId('jump-page').fill('3');
		await page.getByTestId('jump-page').press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
			.toMatch(/p\. 3/);
	});

	it('says so, with a way back to the library, when the book does not exist', async () => {
		await page.goto(`${stack.relay.url}/book/no-such-book`);
		await page.getByTestId('book-not-found').waitFor();
		expect(await page.getByTestId('book-not-found').getByRole('link').getAttribute('href')).toBe(
			'/library'
		);
		expect(errors).toEqual([]);
	});
});
