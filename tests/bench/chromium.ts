import type { Browser, Page } from 'playwright-core';
import { launchChromium, signUp, startStack, type Stack } from '../e2e/harness.ts';
import {
	firstJobTiming,
	sampleHeap,
	watchFirstJob,
	type JobTiming
} from './chromium-job-timing.ts';
import { bookKey, median, pdftotextMs } from './pdftotext-time.ts';
import { record } from './results.ts';

/** Goal 5's latency model: 1 s plus 4 ms per output token. */
const GEMINI_LIKE = { fixedMs: 1000, perOutputTokenMs: 4 };

/**
 * Opens the app in `page`. Cold: a first visit, the drop right after the load event, while the
 * service worker installs and precaches. Warm: a returning reader, the app opened again once
 * its service worker is in control (its scripts come from the cache, compiled before).
 */
async function openApp(page: Page, url: string, warm: boolean): Promise<void> {
	await page.goto(url);
	if (!warm) return;
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.waitForTimeout(2000);
	await page.reload();
	await page.getByTestId('file-input').waitFor({ state: 'attached' });
	await page.waitForTimeout(500);
}

/** One mechanical job through the app in a fresh context: drop to sentences stored and to completed. */
async function mechanicalRun(
	browser: Browser,
	stack: Stack,
	file: string,
	measureHeap: boolean,
	warm = false
): Promise<JobTiming & { heapMb?: number }> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await watchFirstJob(page);
		await openApp(page, stack.relay.url, warm);
		const stopHeap = measureHeap ? await sampleHeap(page) : undefined;
		await page.getByTestId('file-input').setInputFiles(file);
		const timing = await firstJobTiming(page);
		const heapMb = await stopHeap?.();
		return { ...timing, heapMb };
	} finally {
		await context.close();
	}
}

/**
 * Per book, in one run: pdftotext's time, then a mechanical job in the app (median of 3)
 * timed from the drop to the sentences stored in IndexedDB (extraction) and to completed,
 * with the peak JS heap of the page and its workers; then, on the largest book, an AI job
 * against the mock Gemini, timed from the drop to the first chunk done.
 */
export async function benchChromium(books: { name: string; path: string }[]) {
	const browser = await launchChromium();
	try {
		const mech = await startStack({ ai: false });
		try {
			for (const book of books) {
				const key = bookKey(book.name);
				const runs: (JobTiming & { heapMb?: number })[] = [];
				const warmRuns: JobTiming[] = [];
				for (let k = 0; k < 3; k++) {
					runs.push(await mechanicalRun(browser, mech, book.path, k === 0));
					warmRuns.push(await mechanicalRun(browser, mech, book.path, false, true));
				}
				const reference = pdftotextMs(book.path);
				const stored = median(runs.map((r) => r.sentencesStored));
				const completed = median(runs.map((r) => r.completed));
				const warmStored = median(warmRuns.map((r) => r.sentencesStored));
				const warmCompleted = median(warmRuns.map((r) => r.completed));
				const pages = runs[0].pageCount;
				console.log(
					`chromium: ${book.name}: drop to sentences stored ${(stored / 1000).toFixed(2)} s ` +
						`(${(pages / (stored / 1000)).toFixed(0)} pages/s), to completed ${(completed / 1000).toFixed(2)} s, ` +
						`status ${runs[0].status}; app already installed: stored ${(warmStored / 1000).toFixed(2)} s, ` +
						`completed ${(warmCompleted / 1000).toFixed(2)} s` +
						(reference ? `; pdftotext ${(reference / 1000).toFixed(2)} s` : '; pdftotext missing')
				);
				record(
					`extraction.chromium.pages_per_s.${key}`,
					+(pages / (stored / 1000)).toFixed(0),
					'pages/s'
				);
				if (reference) {
					const ref = `pdftotext ${(reference / 1000).toFixed(2)} s in the same run`;
					record(
						`extraction.chromium.ratio_vs_pdftotext.${key}`,
						+(stored / reference).toFixed(2),
						'ratio',
						`${ref}; goal ≤ 3`
					);
					record(
						`extraction.mechanical_job.ratio_vs_pdftotext.${key}`,
						+(completed / reference).toFixed(2),
						'ratio',
						`${ref}; goal ≤ 5`
					);
					record(
						`extraction.chromium.warm_ratio_vs_pdftotext.${key}`,
						+(warmStored / reference).toFixed(2),
						'ratio',
						`${ref}; app already installed (service worker in control); goal ≤ 3`
					);
					record(
						`extraction.mechanical_job.warm_ratio_vs_pdftotext.${key}`,
						+(warmCompleted / reference).toFixed(2),
						'ratio',
						`${ref}; app already installed (service worker in control); goal ≤ 5`
					);
				}
				if (runs[0].heapMb !== undefined) {
					record(
						`app.peak_heap_mb.${key}`,
						+runs[0].heapMb.toFixed(0),
						'MB',
						'page + workers, mechanical job; goal ≤ 300'
					);
				}
			}
		} finally {
			await mech.close();
		}
		await aiFirstResults(browser, books.at(-1)!);
	} finally {
		await browser.close();
	}
}

/** Drop to the first chunk done, in AI mode, with the mock's latency model; cold and warm. */
async function aiFirstResults(browser: Browser, book: { name: string; path: string }) {
	const ai = await startStack({ ai: true, env: { JOB_STARTS_PER_HOUR: '1000' } });
	try {
		ai.mock!.setLatency(GEMINI_LIKE);
		for (const warm of [false, true]) {
			const context = await browser.newContext();
			await signUp(context, ai.relay.url);
			const page = await context.newPage();
			await watchFirstJob(page);
			await openApp(page, ai.relay.url, warm);
			await page.getByRole('radio', { name: /AI \(Gemini\)/ }).check();
			await page.getByTestId('file-input').setInputFiles(book.path);
			const first = await page.waitForFunction(
				() =>
					(window as unknown as { __fntTiming: { firstChunk?: number } }).__fntTiming.firstChunk,
				undefined,
				{ timeout: 120_000, polling: 100 }
			);
			const firstMs = (await first.jsonValue()) as number;
			const how = warm ? 'app already installed' : 'first visit';
			console.log(
				`chromium: AI mode (mock ${GEMINI_LIKE.fixedMs} ms + ${GEMINI_LIKE.perOutputTokenMs} ms/token), ${book.name}, ${how}: drop to first chunk done ${(firstMs / 1000).toFixed(2)} s`
			);
			record(
				`app.first_results${warm ? '_warm' : ''}_s.${bookKey(book.name)}`,
				+(firstMs / 1000).toFixed(2),
				's',
				`drop to the first chunk stored, AI mode, ${how}, mock 1 s + 4 ms/token; goal ≤ 5`
			);
			await context.close();
		}
	} finally {
		await ai.close();
	}
}
