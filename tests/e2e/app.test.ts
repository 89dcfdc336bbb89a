import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { FIXTURES, launchChromium, openApp, startStack, type Stack } from './harness.ts';

const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

/** Picks a file, then records every step text the job card shows until the job ends. */
async function runJob(
	page: Page,
	file: string,
	timeoutMs = 90_000
): Promise<{ steps: string[]; status: string }> {
	await page.getByTestId('file-input').setInputFiles(file);
	const steps = new Set<string>();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const card = page.getByTestId('job').first();
		const status = (await card.getAttribute('data-status').catch(() => null)) ?? '';
		const step = await page
			.getByTestId('job-step')
			.first()
			.textContent()
			.catch(() => null);
		if (step) steps.add(step);
		if (['completed', 'completed_with_errors', 'failed', 'cancelled', 'paused'].includes(status)) {
			return { steps: [...steps], status };
		}
		if (Date.now() > deadline)
			throw new Error(`job did not end; steps seen: ${[...steps].join(' | ')}`);
		await page.waitForTimeout(25);
	}
}

/** The job's stored sentences and results, read from the page's IndexedDB. */
function storedCounts(page: Page) {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		// Sentences are stored in blocks of consecutive ones (src/lib/db/row-blocks.ts).
		const entries = (store: string, field: string) =>
			new Promise<number>((res) => {
				const req = idb.transaction(store).objectStore(store).getAll();
				req.onsuccess = () =>
					res((req.result as Record<string, unknown[]>[]).reduce((n, b) => n + b[field].length, 0));
			});
		const out = {
			sentences: await entries('sentenceBlocks', 'sentences'),
			results: await entries('resultBlocks', 'results')
		};
		idb.close();
		return out;
	});
}

/** The job's stored sentences in book order (page and text), read from the page's IndexedDB. */
function storedSentences(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const blocks = await new Promise<
			{ block: number; sentences: { page: number; text: string }[] }[]
		>((res) => {
			const req = idb.transaction('sentenceBlocks').objectStore('sentenceBlocks').getAll();
			req.onsuccess = () => res(req.result);
		});
		idb.close();
		return blocks
			.sort((a, b) => a.block - b.block)
			.flatMap((b) => b.sentences.map((s) => `${s.page} ${s.text}`));
	});
}

/** How many stored results the model rewrote, read from the page's IndexedDB. */
function modelRewrites(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		// Results are stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
		const results = await new Promise<{ source: string }[]>((res) => {
			const req = idb.transaction('resultBlocks').objectStore('resultBlocks').getAll();
			req.onsuccess = () => res(req.result.flatMap((b: { results: never[] }) => b.results));
		});
		idb.close();
		return results.filter((r) => r.source === 'model').length;
	});
}

/** Every output sentence of every stored result, read from the page's IndexedDB. */
function outputSentences(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const results = await new Promise<{ sentences: string[] }[]>((res) => {
			const req = idb.transaction('resultBlocks').objectStore('resultBlocks').getAll();
			req.onsuccess = () => res(req.result.flatMap((b: { results: never[] }) => b.results));
		});
		idb.close();
		return results.flatMap((r) => r.sentences);
	});
}

describe('AI mode, end to end, with the mock Gemini', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: true });
		// Enough latency that progress is visible while chunks run.
		stack.mock!.setLatency({ fixedMs: 150, perOutputTokenMs: 0 });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('turns the Saint-Simon PDF into short sentences, one result row per source sentence', async () => {
		// AI mode needs an account: the context signs up before the page opens.
		const { context, page, errors } = await openApp(browser, stack.relay.url, { signUp: true });
		await page.getByRole('radio', { name: /AI \(Gemini\)/ }).check();
		const { steps, status } = await runJob(page, SAINT_SIMON);
		expect(status).toBe('completed');
		expect(steps.some((s) => /^Extracting page \d+\/121$/.test(s))).toBe(true);
		expect(steps.some((s) => /^Processing chunk \d+\/\d+ \(\d+%\)$/.test(s))).toBe(true);

		const stored = await storedCounts(page);
		expect(stored.sentences).toBeGreaterThan(800);
		expect(stored.results).toBe(stored.sentences);
		const outputs = await outputSentences(page);
		expect(outputs.length).toBeGreaterThan(stored.sentences);
		for (const s of outputs) expect(countWords(s), s).toBeLessThanOrEqual(8);
		expect(await modelRewrites(page)).toBeGreaterThan(100);

		// The results are on the book's own page, a virtual list: count through its total.
		await page.getByTestId('job-open').first().click();
		await page.waitForURL(/\/book\/[\w-]+$/u);
		await expect
			.poll(() => page.getByTestId('sentence-count').textContent())
			.toBe(`${stored.sentences} sentences`);
		await expect
			.poll(() => page.locator('[data-testid="result-row"][data-how="model"]').count())
			.toBeGreaterThan(0);

		// No item reached Gemini twice.
		const asked = Object.values(stack.mock!.stats().itemCompletions);
		expect(asked.length).toBeGreaterThan(100);
		expect(Math.max(...asked)).toBe(1);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('mechanical mode, end to end, with the relay API blocked', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: false });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('completes the Saint-Simon PDF without a single API request', async () => {
		const context = await browser.newContext();
		let apiRequests = 0;
		await context.route('**/trpc/**', (route) => {
			apiRequests += 1;
			return route.abort('internetdisconnected');
		});
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await expect
			.poll(() => page.getByTestId('ai-unavailable').textContent())
			.toMatch(/cannot be reached/);
		const before = apiRequests;
		const { status } = await runJob(page, SAINT_SIMON);
		expect(status).toBe('completed');
		expect(apiRequests).toBe(before);
		const stored = await storedCounts(page);
		expect(stored.results).toBe(stored.sentences);
		for (const s of await outputSentences(page)) expect(countWords(s), s).toBeLessThanOrEqual(8);
		await context.close();
	});

	it('reads a long book to the same sentences with several PDF workers as with one', async () => {
		// The page splits a long book between workers by its cores (one per core but one).
		const read = async (cores: number) => {
			const context = await browser.newContext();
			await context.addInitScript({
				content: `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${cores} });`
			});
			const page = await context.newPage();
			const workers: string[] = [];
			page.on('worker', (w) => workers.push(w.url()));
			await page.goto(stack.relay.url);
			const { status } = await runJob(page, SAINT_SIMON);
			expect(status).toBe('completed');
			const sentences = await storedSentences(page);
			await context.close();
			return { sentences, pdfWorkers: workers.filter((u) => /pdf\.worker/u.test(u)).length };
		};
		const one = await read(2);
		const three = await read(4);
		expect(one.pdfWorkers).toBe(1);
		expect(three.pdfWorkers).toBe(3);
		expect(one.sentences.length).toBeGreaterThan(800);
		expect(three.sentences).toEqual(one.sentences);
	});

	it('starts the PDF worker as a file is dragged in or the picker opens, before any drop', async () => {
		const pdfWorkersOf = async (act: (page: Page) => Promise<void>) => {
			const { context, page } = await openApp(browser, stack.relay.url);
			const workers: string[] = [];
			page.on('worker', (w) => workers.push(w.url()));
			await page.getByRole('region', { name: 'Drop a PDF here' }).waitFor();
			await page.waitForTimeout(500);
			const before = workers.filter((u) => /pdf\.worker/u.test(u)).length;
			await act(page);
			await expect.poll(() => workers.filter((u) => /pdf\.worker/u.test(u)).length).toBe(1);
			await context.close();
			return before;
		};
		const region = (page: Page) => page.getByRole('region', { name: 'Drop a PDF here' });
		expect(await pdfWorkersOf((page) => region(page).dispatchEvent('dragenter'))).toBe(0);
		expect(
			await pdfWorkersOf((page) =>
				page.getByRole('button', { name: 'Choose a PDF…' }).dispatchEvent('pointerdown')
			)
		).toBe(0);
	});

	it('says plainly that AI mode needs a key, and how to set it', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await expect
			.poll(() => page.getByTestId('ai-unavailable').textContent())
			.toMatch(/GEMINI_API_KEY=/);
		expect(await page.getByRole('radio', { name: /AI \(Gemini\)/ }).isDisabled()).toBe(true);
		await context.close();
	});
});

describe('bad input gets a specific message and the app stays usable', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: false });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it.each([
		['not-a-pdf.pdf', /not a PDF/],
		['empty.pdf', /empty/]
	])('refuses %s before it is stored', async (name, message) => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await page.getByTestId('file-input').setInputFiles(join(FIXTURES, name));
		await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(message);
		expect(await page.getByTestId('job').count()).toBe(0);
		await context.close();
	});

	it('asks for the password of an encrypted PDF and says when it is wrong', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		const { status } = await runJob(page, join(FIXTURES, 'pdfjs__issue3371.pdf'), 60_000);
		expect(status).toBe('paused');
		expect(await page.getByTestId('job-error').textContent()).toMatch(/password-protected/);
		await page.getByTestId('pdf-password').fill('not-the-password');
		await page.getByRole('button', { name: 'Open' }).click();
		await expect
			.poll(() => page.getByTestId('job-error').textContent(), { timeout: 30_000 })
			.toMatch(/does not open this PDF/);
		expect(await page.getByTestId('job').first().getAttribute('data-status')).toBe('paused');
		await context.close();
	});

	it.each([
		['ocrmypdf__francais.pdf', /text layer|scanned/i],
		['pdfjs__REDHAT-1531897-0.pdf', /damaged|cannot be read|could not/i]
	])('fails %s with a message that says why', async (name, message) => {
		const { context, page } = await openApp(browser, stack.relay.url);
		const { status } = await runJob(page, join(FIXTURES, name), 60_000);
		expect(status).toBe('failed');
		expect(await page.getByTestId('job-error').textContent()).toMatch(message);
		// Still usable: a good PDF afterwards completes.
		await page.getByTestId('file-input').setInputFiles(SAINT_SIMON);
		await expect
			.poll(() => page.locator('[data-testid="job"][data-status="completed"]').count(), {
				timeout: 60_000
			})
			.toBe(1);
		await context.close();
	});
});
