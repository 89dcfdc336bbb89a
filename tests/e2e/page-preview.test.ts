/**
 * See the page: the book workspace's "see page" button opens a dialog with the PDF page drawn
 * by pdf.js inside the PDF worker; the page itself never loads pdf.js.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, serious } from './axe.ts';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';
import { processBook } from './process-book.ts';
import { seedBook } from './seed-book.ts';

const MINI_NOVEL = `${FIXTURES}/mini-novel.pdf`;
/** One 900 × 900 px greyscale JPEG scan of French text (ocrmypdf's test file). */
const SCAN = `${FIXTURES}/ocrmypdf__francais.pdf`;
/** mini-novel.pdf is A4: 595 × 842 points. */
const A4_RATIO = 842 / 595;

let browser: Browser;
let stack: Stack;
let url: string;
beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
	url = stack.relay.url;
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

/**
 * Waits until the app has created its database with its stores. (An open request made only
 * once the database exists queues behind the app's upgrade, and cannot create an empty one.)
 */
function appDatabaseReady(page: Page) {
	return page.waitForFunction(async () => {
		const name = 'french-novel-tool';
		if (!(await indexedDB.databases()).some((d) => d.name === name)) return false;
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const ready = idb.objectStoreNames.contains('jobs') && idb.objectStoreNames.contains('files');
		idb.close();
		return ready;
	});
}

/**
 * The scripts the document itself loaded (modules and modulepreloads). A worker's own script
 * is listed with initiatorType "other", and what the worker fetches is not listed at all.
 */
function mainThreadScripts(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((e) => {
				const type = (e as PerformanceResourceTiming).initiatorType;
				return (type === 'script' || type === 'link') && /\.m?js$/u.test(e.name);
			})
			.map((e) => e.name)
	);
}

/** What the shown page image looks like: its pixel size and its share of dark pixels. */
function inspectImage(page: Page) {
	return page.getByTestId('page-preview-image').evaluate(async (img: HTMLImageElement) => {
		await img.decode();
		const canvas = document.createElement('canvas');
		canvas.width = img.naturalWidth;
		canvas.height = img.naturalHeight;
		const context = canvas.getContext('2d', { willReadFrequently: true })!;
		context.drawImage(img, 0, 0);
		const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
		let dark = 0;
		for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 384) dark++;
		return {
			width: img.naturalWidth,
			height: img.naturalHeight,
			dark: dark / (canvas.width * canvas.height),
			alt: img.alt,
			src: img.src
		};
	});
}

describe('see the page', () => {
	it('draws the PDF page in the worker, pages through it, and closes back to the row', async () => {
		const { page, context, errors } = await openApp(browser, url);
		const id = await processBook(page, MINI_NOVEL);
		await page.goto(`${url}/book/${id}`);

		const seePage = page.getByTestId('see-page').first();
		await seePage.focus();
		const t0 = Date.now();
		await page.keyboard.press('Enter');
		const dialog = page.getByTestId('page-preview');
		await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
		await page.getByTestId('page-preview-image').waitFor();
		const firstMs = Date.now() - t0;
		const first = await inspectImage(page);
		console.log(`page 1 (${first.width}×${first.height} px) shown ${firstMs} ms after Enter`);

		expect(first.alt).toBe('Page 1');
		expect(first.height / first.width).toBeCloseTo(A4_RATIO, 2);
		expect(first.dark).toBeGreaterThan(0.002);
		expect(first.dark).toBeLessThan(0.3);
		// Focus moved into the dialog.
		expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
		expect(serious(await runAxe(page))).toEqual([]);

		const t1 = Date.now();
		await page.getByTestId('page-preview-next').click();
		await page.getByRole('img', { name: 'Page 2' }).waitFor();
		console.log(`page 2 shown ${Date.now() - t1} ms after Next (worker warm)`);
		const second = await inspectImage(page);
		expect(second.src).not.toBe(first.src);
		expect(second.height / second.width).toBeCloseTo(A4_RATIO, 2);
		expect(await dialog.locator('h2').textContent()).toBe('Page 2 of 4');
		// Arrow keys page too.
		await page.keyboard.press('ArrowLeft');
		await page.getByRole('img', { name: 'Page 1' }).waitFor();
		expect(await dialog.locator('h2').textContent()).toBe('Page 1 of 4');

		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'detached' });
		expect(await seePage.evaluate((b) => b === document.activeElement)).toBe(true);

		// pdf.js ran in the worker only: no script the page itself ran contains it.
		const scripts = await mainThreadScripts(page);
		expect(scripts.length).toBeGreaterThan(3);
		for (const script of scripts) {
			const source = await (await fetch(script)).text();
			expect(source, script).not.toContain('GlobalWorkerOptions');
		}
		expect(await page.evaluate(() => 'pdfjsLib' in globalThis)).toBe(false);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('says so, in words, when the stored PDF is damaged', async () => {
		const { page, context, errors } = await openApp(browser, url);
		await appDatabaseReady(page);
		// The seeded book's "PDF" is 13 bytes of header and nothing else.
		const id = await seedBook(page, { rows: 3, title: 'Livre abîmé' });
		await page.goto(`${url}/book/${id}`);
		await page.getByTestId('see-page').first().click();
		const problem = page.getByTestId('page-preview-problem');
		await problem.waitFor({ timeout: 30_000 });
		expect(await problem.textContent()).toContain('This PDF is damaged');
		expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
		expect(serious(await runAxe(page))).toEqual([]);
		await page.getByRole('button', { name: 'Close' }).click();
		await page.getByTestId('page-preview').waitFor({ state: 'detached' });
		expect(errors).toEqual([]);
		await context.close();
	});

	it('draws a scanned page: the worker decodes its image', async () => {
		const { page, context, errors } = await openApp(browser, url);
		await appDatabaseReady(page);
		const id = await seedBook(page, { rows: 3, title: 'Scan' });
		// Put the real scan where the seeded book's file is.
		await page.evaluate(
			async ({ hash, base64 }) => {
				const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
				const open = indexedDB.open('french-novel-tool');
				const idb = await new Promise<IDBDatabase>((res, rej) => {
					open.onsuccess = () => res(open.result);
					open.onerror = () => rej(open.error);
				});
				const tx = idb.transaction('files', 'readwrite');
				const store = tx.objectStore('files');
				const file = await new Promise<Record<string, unknown>>((res) => {
					const req = store.get(hash);
					req.onsuccess = () => res(req.result);
				});
				store.put({ ...file, blob: new Blob([bytes], { type: 'application/pdf' }) });
				await new Promise((res) => (tx.oncomplete = res));
				idb.close();
			},
			{ hash: `seed-${id}`, base64: readFileSync(SCAN).toString('base64') }
		);
		await page.goto(`${url}/book/${id}`);
		const t0 = Date.now();
		await page.getByTestId('see-page').first().click();
		await page.getByRole('img', { name: 'Page 1' }).waitFor({ timeout: 30_000 });
		const scan = await inspectImage(page);
		console.log(
			`scanned page (${scan.width}×${scan.height} px) shown ${Date.now() - t0} ms after the click`
		);
		expect(scan.height / scan.width).toBeCloseTo(1, 2);
		expect(scan.dark).toBeGreaterThan(0.01);
		expect(scan.dark).toBeLessThan(0.5);
		expect(errors).toEqual([]);
		await context.close();
	});
});
