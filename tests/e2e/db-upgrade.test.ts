// A reader who used an earlier version of the app has books stored one row per sentence (and
// per result). The new version moves them into blocks (src/lib/db/row-blocks.ts) when it first opens its
// database, in real Chromium IndexedDB: the book must open with every sentence and result.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startStack, type Stack } from './harness.ts';

let browser: Browser;
let stack: Stack;

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

const ROWS = 600;
const JOB = 'old-book-1';

describe('a database left by the previous version', () => {
	it('opens a book stored one row per sentence, every sentence and result there', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		// A blank page of the app's origin, so the old database is made before the app runs.
		await page.route('**/__blank', (route) =>
			route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' })
		);
		await page.goto(`${stack.relay.url}/__blank`);
		await page.evaluate(
			async ({ rows, job }) => {
				// Schema version 3 as Dexie made it (Dexie stores version × 10).
				const idb = await new Promise<IDBDatabase>((res, rej) => {
					const req = indexedDB.open('french-novel-tool', 30);
					req.onupgradeneeded = () => {
						const db = req.result;
						db.createObjectStore('files', { keyPath: 'hash' });
						const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
						for (const i of ['status', 'createdAt', 'fileHash', 'rerunOf']) jobs.createIndex(i, i);
						const sentences = db.createObjectStore('sentences', { keyPath: ['jobId', 'index'] });
						sentences.createIndex('jobId', 'jobId');
						const chunks = db.createObjectStore('chunks', { keyPath: ['jobId', 'index'] });
						chunks.createIndex('jobId', 'jobId');
						chunks.createIndex('[jobId+status]', ['jobId', 'status']);
						const results = db.createObjectStore('results', {
							keyPath: ['jobId', 'sentenceIndex']
						});
						results.createIndex('jobId', 'jobId');
						db.createObjectStore('shares', { keyPath: 'id', autoIncrement: true });
					};
					req.onsuccess = () => res(req.result);
					req.onerror = () => rej(req.error);
				});
				const tx = idb.transaction(['jobs', 'sentences', 'results', 'files'], 'readwrite');
				for (let i = 0; i < rows; i++) {
					const text = `Ancienne phrase numéro ${i}.`;
					tx.objectStore('sentences').put({
						jobId: job,
						index: i,
						page: 1 + (i >> 5),
						text,
						words: 3
					});
					tx.objectStore('results').put({
						jobId: job,
						sentenceIndex: i,
						sentences: [text],
						source: 'unchanged',
						edited: false
					});
				}
				tx.objectStore('files').put({
					hash: 'old-hash',
					blob: new Blob(['%PDF-1.4 old'], { type: 'application/pdf' }),
					name: 'ancien.pdf',
					size: 12,
					addedAt: Date.now()
				});
				tx.objectStore('jobs').put({
					id: job,
					fileHash: 'old-hash',
					name: 'ancien',
					title: 'Un ancien livre',
					settings: { limit: 8, mode: 'mechanical' },
					status: 'completed',
					progressPercent: 100,
					currentStep: 'Done',
					pageCount: Math.ceil(rows / 32),
					sentenceCount: rows,
					totalChunks: 0,
					processedChunks: 0,
					failedChunks: 0,
					createdAt: Date.now(),
					startedAt: Date.now(),
					finishedAt: Date.now()
				});
				await new Promise<void>((res, rej) => {
					tx.oncomplete = () => res();
					tx.onerror = () => rej(tx.error);
				});
				idb.close();
			},
			{ rows: ROWS, job: JOB }
		);

		await page.goto(`${stack.relay.url}/book/${JOB}`);
		const first = page.locator('[data-testid=result-row][data-index="0"]');
		await expect
			.poll(() => first.textContent(), { timeout: 20_000 })
			.toContain('Ancienne phrase numéro 0.');
		await expect
			.poll(async () => (await page.getByTestId('shown-count').textContent()) ?? '')
			.toMatch(new RegExp(`\\b${ROWS}\\b`));

		const after = await page.evaluate(async () => {
			const idb = await new Promise<IDBDatabase>((res, rej) => {
				const req = indexedDB.open('french-novel-tool');
				req.onsuccess = () => res(req.result);
				req.onerror = () => rej(req.error);
			});
			const stores = [...idb.objectStoreNames];
			const all = <T>(store: string) =>
				new Promise<T[]>((res) => {
					const r = idb.transaction(store).objectStore(store).getAll();
					r.onsuccess = () => res(r.result as T[]);
				});
			const blocks = await all<{ sentences: { index: number; text: string }[] }>('sentenceBlocks');
			const results = await all<{ results: { sentenceIndex: number }[] }>('resultBlocks');
			idb.close();
			return {
				stores,
				sentences: blocks.flatMap((b) => b.sentences),
				results: results.flatMap((b) => b.results)
			};
		});
		expect(after.stores).not.toContain('sentences');
		expect(after.stores).not.toContain('results');
		expect(after.results.map((r) => r.sentenceIndex)).toEqual([...Array(ROWS).keys()]);
		expect(after.sentences.map((s) => s.index)).toEqual([...Array(ROWS).keys()]);
		expect(after.sentences[ROWS - 1].text).toBe(`Ancienne phrase numéro ${ROWS - 1}.`);
		expect(errors).toEqual([]);
		await context.close();
	});
});
