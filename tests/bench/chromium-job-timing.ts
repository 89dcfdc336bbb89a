// What the Chromium bench reads from a running app: when the reader dropped the file, when
// the job's sentences were stored (status `processing`), its first results and when it
// completed, and the peak JS heap of the page and its workers. The times are the app's own
// User Timing marks (src/lib/jobs/job-marks.ts); a poller of the app's IndexedDB in the page
// tells when the job ended and stands in for a build without the marks, though it sees a
// milestone only once the page's busy main thread lets it run. Bench-only; nothing here is
// asserted.
import type { Page, Worker } from 'playwright-core';

/** Milliseconds from the drop (the file input's change event) to each step of the first job. */
export interface JobTiming {
	sentencesStored: number;
	completed: number;
	status: string;
	pageCount: number;
}

/**
 * Installs, before the app loads, a listener that notes the drop time and a poller that
 * notes when the first job reaches `processing` and a terminal state. Call before goto.
 */
export async function watchFirstJob(page: Page): Promise<void> {
	// A string, not a function: tsx's transform would add a `__name` helper the page lacks.
	await page.addInitScript({ content: WATCHER });
}

const WATCHER = `(() => {
	const timing = {};
	window.__fntTiming = timing;
	const mark = (name) => {
		const m = performance.getEntriesByName('fnt:' + name, 'mark')[0];
		return m && m.startTime - timing.drop;
	};
	document.addEventListener('change', () => (timing.drop ??= performance.now()), true);
	const terminal = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);
	const poll = () => {
		if (timing.drop === undefined) return void setTimeout(poll, 20);
		const open = indexedDB.open('french-novel-tool');
		open.onupgradeneeded = () => open.transaction.abort();
		open.onerror = () => setTimeout(poll, 20);
		open.onsuccess = () => {
			const idb = open.result;
			if (!idb.objectStoreNames.contains('jobs')) {
				idb.close();
				return void setTimeout(poll, 20);
			}
			const tx = idb.transaction(['jobs', 'chunks']);
			const req = tx.objectStore('jobs').getAll();
			let doneChunks = 0;
			tx.objectStore('chunks').openCursor().onsuccess = (e) => {
				const cursor = e.target.result;
				if (!cursor) return;
				if (cursor.value.status === 'done') doneChunks += 1;
				else cursor.continue();
			};
			tx.onabort = () => setTimeout(poll, 20);
			tx.oncomplete = () => {
				idb.close();
				const job = req.result[0];
				const now = performance.now() - timing.drop;
				if (doneChunks > 0) timing.firstChunk ??= mark('first-results') ?? now;
				if (job && job.status !== 'queued' && job.status !== 'extracting') {
					timing.sentencesStored ??= mark('sentences-stored') ?? now;
				}
				if (job && terminal.has(job.status)) {
					timing.completed = mark('completed') ?? now;
					timing.status = job.status;
					timing.pageCount = job.pageCount ?? 0;
					return;
				}
				setTimeout(poll, 20);
			};
		};
	};
	poll();
})();`;

/** Waits for the first job to end and returns its timing. */
export async function firstJobTiming(page: Page, timeoutMs = 300_000): Promise<JobTiming> {
	await page.waitForFunction(
		() => (window as unknown as { __fntTiming: { status?: string } }).__fntTiming.status,
		undefined,
		{ timeout: timeoutMs, polling: 100 }
	);
	return page.evaluate(
		() => (window as unknown as { __fntTiming: JobTiming & { drop: number } }).__fntTiming
	);
}

/**
 * Samples the JS heap of the page (CDP Performance.getMetrics) and of every worker it starts
 * (`performance.memory` inside the worker, Chromium's non-standard counter) every 100 ms,
 * until stopped; returns the peak of their sum in MB.
 */
export async function sampleHeap(page: Page): Promise<() => Promise<number>> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const workers = new Set<Worker>();
	const onWorker = (w: Worker) => {
		workers.add(w);
		w.on('close', () => workers.delete(w));
	};
	page.on('worker', onWorker);
	let peak = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const answer = await cdp.send('Performance.getMetrics').catch(() => undefined);
			if (!answer) break;
			const { metrics } = answer;
			let sum = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
			const inWorkers = await Promise.all(
				[...workers].map((w) =>
					w
						.evaluate(
							() =>
								(performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
									?.usedJSHeapSize ?? 0
						)
						.catch(() => 0)
				)
			);
			for (const n of inWorkers) sum += n;
			peak = Math.max(peak, sum);
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	return async () => {
		running = false;
		await loop;
		page.off('worker', onWorker);
		await cdp.detach().catch(() => {});
		return peak / 1024 / 1024;
	};
}
