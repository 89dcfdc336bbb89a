/**
 * Exports at 20,000 sentences: each format's time in Node (the module the CLI and the worker
 * run), then in Chromium from the book page, with the longest main-thread task seen while the
 * export ran (PerformanceObserver 'longtask': any task over 50 ms), to show the page stays
 * responsive while the worker writes the file.
 */
import type { Page } from 'playwright-core';
import { EXPORT_COLUMNS } from '../../src/lib/export/export-columns.ts';
import { EXPORT_FORMATS, renderExport } from '../../src/lib/export/export-formats.ts';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { seedBook } from '../e2e/seed-book.ts';
import { BOOK, manyRows } from '../unit/export-fixtures.ts';
import { record } from './results.ts';

const SENTENCES = 20_000;

const ms = (n: number) => `${n.toFixed(0)} ms`;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function benchNode() {
	const rows = manyRows(SENTENCES);
	for (const format of EXPORT_FORMATS) {
		const times: number[] = [];
		let bytes = 0;
		for (let k = 0; k < 3; k++) {
			const t0 = performance.now();
			const out = await renderExport({ format, rows, columns: [...EXPORT_COLUMNS], book: BOOK });
			times.push(performance.now() - t0);
			bytes = typeof out === 'string' ? Buffer.byteLength(out) : out.size;
		}
		console.log(
			`exports (node, ${SENTENCES} sentences): ${format} ${ms(median(times))} ` +
				`(median of 3), ${(bytes / 1024 / 1024).toFixed(1)} MB`
		);
		record(
			`exports.node.${format}_ms`,
			Math.round(median(times)),
			'ms',
			`${SENTENCES} sentences in Node (CLI and worker module), median of 3; ${(bytes / 1024 / 1024).toFixed(1)} MB`
		);
	}
}

/** Long tasks since the last call, and the longest. */
function takeLongTasks(page: Page): Promise<number[]> {
	return page.evaluate(() => {
		const w = window as unknown as { __longTasks: number[] };
		const tasks = w.__longTasks;
		w.__longTasks = [];
		return tasks;
	});
}

async function benchChromium() {
	const browser = await launchChromium();
	const stack = await startStack({ ai: false });
	try {
		const context = await browser.newContext({ acceptDownloads: true });
		await context.addInitScript(() => {
			const w = window as unknown as { __longTasks: number[] };
			w.__longTasks = [];
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) w.__longTasks.push(e.duration);
			}).observe({ type: 'longtask' });
		});
		// tsx names the functions seedBook hands the page with a __name helper the page lacks.
		await context.addInitScript('globalThis.__name = (f) => f');
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		const id = await seedBook(page, { rows: SENTENCES, title: 'Vingt mille phrases' });
		await page.goto(`${stack.relay.url}/book/${id}`);
		await page.getByTestId('result-row').first().waitFor({ timeout: 120_000 });
		await page.waitForTimeout(2_000);
		const idle = await takeLongTasks(page);
		console.log(
			`exports (chromium): book page idle, longest task ${ms(Math.max(0, ...idle))} ` +
				`(${idle.length} long tasks while loading ${SENTENCES} rows)`
		);
		let longest = 0;
		for (const format of EXPORT_FORMATS) {
			await page.getByTestId('export-format').selectOption(format);
			// Twice: the first also starts the worker and loads its code.
			for (const run of ['first', 'warm']) {
				await takeLongTasks(page);
				const t0 = performance.now();
				const [download] = await Promise.all([
					page.waitForEvent('download', { timeout: 300_000 }),
					page.getByTestId('export-download').click()
				]);
				const elapsed = performance.now() - t0;
				await download.path();
				await page.waitForTimeout(200);
				const tasks = await takeLongTasks(page);
				console.log(
					`exports (chromium, ${SENTENCES} sentences): ${format} ${run} ${ms(elapsed)} ` +
						`click to download; longest main-thread task ${ms(Math.max(0, ...tasks))} ` +
						`(${tasks.length} over 50 ms)`
				);
				longest = Math.max(longest, ...tasks);
				if (run === 'warm') {
					record(
						`exports.chromium.${format}_ms`,
						Math.round(elapsed),
						'ms',
						`${SENTENCES} sentences, click to download, worker already started`
					);
				}
			}
		}
		record(
			'exports.chromium.longest_task_ms',
			Math.round(longest),
			'ms',
			'longest main-thread task during every export (50 ms = a long task); the worker writes the file'
		);
		await context.close();
	} finally {
		await browser.close();
		await stack.close();
	}
}

/** Both measures; Chromium serves FNT_BUILD_DIR or build/. */
export async function benchExports() {
	await benchNode();
	await benchChromium();
}
