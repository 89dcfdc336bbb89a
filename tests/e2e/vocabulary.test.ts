import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, serious } from './axe.ts';
import { launchChromium, startStack, type Stack } from './harness.ts';
import { seedBook } from './seed-book.ts';

/** The machine running the tests may be shared and loaded: give the page time. */
const SLOW = { timeout: 60_000 };

let browser: Browser;
let stack: Stack;
let context: BrowserContext;
let page: Page;
let bookId: string;

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
	context = await browser.newContext({ acceptDownloads: true });
	page = await context.newPage();
	await page.goto(stack.relay.url);
	await page.getByTestId('file-input').waitFor({ state: 'attached', ...SLOW });
	bookId = await seedBook(page, { rows: 60, title: 'Livre de vocabulaire' });
});
afterAll(async () => {
	await context?.close();
	await stack?.close();
	await browser?.close();
});

async function expectAccessible(view: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await page.waitForFunction(() => document.getAnimations().length === 0);
		const blocking = serious(await runAxe(page));
		expect(blocking, `${view} (${scheme}): ${JSON.stringify(blocking, null, 1)}`).toEqual([]);
	}
}

describe('vocabulary coverage in the browser', () => {
	it('is reached from the nav, with the seeded book to pick', async () => {
		await page.getByTestId('vocab-nav-link').click();
		await page.waitForURL(/\/vocabulary/u, SLOW);
		await expect(page.getByLabel(/Livre de vocabulaire/u).isChecked(SLOW)).resolves.toBe(true);
		await expectAccessible('vocabulary, empty');
	});

	it('covers a pasted list with highlighted sentences, i+1 and a profile, and exports them', async () => {
		// marchait and tombait count for their infinitives; zeugme is in no sentence; with le, sur
		// and dormir known, "Le château dort 7." has one new word (château): an i+1 sentence.
		await page
			.getByTestId('vocab-list')
			.fill('marcher\ntomber\nnuit\nmaison\nle\nsur\ndormir\nzeugme');
		await page.getByTestId('vocab-run').click();
		await page.locator('[data-testid="vocab-status"][data-ms]').waitFor(SLOW);

		const coverage = page.getByTestId('vocab-coverage');
		const marks = await coverage.locator('mark').allTextContents();
		expect(marks).toEqual(expect.arrayContaining(['marchait', 'tombait', 'nuit', 'maison']));
		await expect(page.getByTestId('vocab-missing').textContent()).resolves.toContain('zeugme');
		await expect(page.getByTestId('vocab-iplus').locator('li').count()).resolves.toBeGreaterThan(0);
		await expect(page.getByTestId('vocab-profile').locator('table').count()).resolves.toBe(1);

		const [download] = await Promise.all([
			page.waitForEvent('download', SLOW),
			page.getByTestId('vocab-export-coverage').click()
		]);
		expect(download.suggestedFilename()).toMatch(/\.csv$/u);
		const csv = await readFile((await download.path())!, 'utf8');
		expect(csv).toContain('marchait');
		expect(csv).toContain('zeugme');

		await page.getByTestId('vocab-format-i-plus-one').selectOption('anki');
		const [anki] = await Promise.all([
			page.waitForEvent('download', SLOW),
			page.getByTestId('vocab-export-i-plus-one').click()
		]);
		expect(anki.suggestedFilename()).toMatch(/\.anki\.txt$/u);
		await expect(readFile((await anki.path())!, 'utf8')).resolves.toMatch(/^#separator:tab/u);

		await expectAccessible('vocabulary, results');
	});

	it('opens preselected from a book page', async () => {
		await page.goto(`${stack.relay.url}/book/${bookId}`);
		await page.getByRole('link', { name: 'Vocabulary in this book' }).click(SLOW);
		await page.waitForURL(new RegExp(`/vocabulary/${bookId}$`, 'u'), SLOW);
		await expect(page.getByLabel(/Livre de vocabulaire/u).isChecked(SLOW)).resolves.toBe(true);
	});
});
