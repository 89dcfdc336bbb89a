/**
 * Runs PDFs through the app's built PDF worker in Chromium, one at a time, each bounded in
 * time. The page is a bare document of the app's origin that starts the worker itself and
 * speaks Comlink's message format to it (an APPLY of `inspect`, then `extract`, as a job
 * does), so a run measures the worker and nothing of the app around it. A call still running
 * at the bound is a hang (the worker is terminated and started again); a crashed tab is a
 * crash, and a fresh page takes the next file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PdfOutcome, TimedOutcome } from './pdf-outcome.ts';

/** One file at a time through the PDF worker in a Chromium tab. */
export interface ChromiumPdfRunner {
	run(bytes: Uint8Array, timeoutMs: number): Promise<TimedOutcome>;
	close(): Promise<void>;
}

/** The built PDF worker's path under the app's origin. */
export function builtPdfWorker(buildDir: string): string {
	const dir = join(buildDir, '_app/immutable/workers');
	const name = readdirSync(dir).find((f) => /^pdf\.worker-.*\.js$/u.test(f));
	if (!name) throw new Error(`no pdf.worker-*.js in ${dir}: build the app first`);
	return `/_app/immutable/workers/${name}`;
}

// Plain JavaScript for the page (no TypeScript helpers from the bench's own transpiler).
const PAGE_SCRIPT = `
window.__fntPdf = (workerUrl) => {
	let worker;
	let nextId = 1;
	const stop = () => { worker?.terminate(); worker = undefined; };
	const call = (method, args, deadline) => {
		if (!worker) worker = new Worker(workerUrl, { type: 'module' });
		const w = worker;
		const id = 'bench-' + nextId++;
		return new Promise((resolve) => {
			const cleanup = () => {
				clearTimeout(timer);
				w.removeEventListener('message', onMessage);
			};
			const timer = setTimeout(() => {
				cleanup();
				stop();
				resolve({ kind: 'hang' });
			}, Math.max(0, deadline - Date.now()));
			const onMessage = (ev) => {
				if (!ev.data || ev.data.id !== id) return;
				cleanup();
				if (ev.data.type === 'HANDLER') {
					const thrown = ev.data.value && ev.data.value.value;
					resolve({ kind: 'exception', message: String((thrown && thrown.message) || thrown) });
				} else resolve({ kind: 'value', value: ev.data.value });
			};
			w.addEventListener('message', onMessage);
			w.postMessage({
				id,
				type: 'APPLY',
				path: [method],
				argumentList: args.map((value) => ({ type: 'RAW', value }))
			});
		});
	};
	return async (pdfUrl, timeoutMs) => {
		const deadline = Date.now() + timeoutMs;
		const bytes = new Uint8Array(await (await fetch(pdfUrl)).arrayBuffer());
		const inspected = await call('inspect', [bytes, undefined], deadline);
		if (inspected.kind !== 'value') return inspected;
		if (!inspected.value.ok) return { kind: 'value', value: inspected.value };
		return call('extract', [bytes, {}, undefined], deadline);
	};
};
`;

type PageAnswer =
	| { kind: 'hang' }
	| { kind: 'exception'; message: string }
	| {
			kind: 'value';
			value: { ok: true; pages?: string[] } | { ok: false; code: string; message: string };
	  };

/** A runner on one page of `baseUrl` (a relay serving the build in `buildDir`). */
export async function chromiumPdfRunner(
	browser: Browser,
	baseUrl: string,
	buildDir: string
): Promise<ChromiumPdfRunner> {
	const workerUrl = baseUrl + builtPdfWorker(buildDir);
	let context: BrowserContext | undefined;
	let page: Page | undefined;
	let crashed = false;
	// The file of the current run, served to the page by Playwright (no base64 through CDP).
	let current: Uint8Array = new Uint8Array(0);
	let served = 0;

	async function open(): Promise<Page> {
		await context?.close().catch(() => {});
		context = await browser.newContext({ serviceWorkers: 'block' });
		await context.route(`${baseUrl}/__bench_pdf/**`, (route) =>
			route.fulfill({ body: Buffer.from(current), contentType: 'application/pdf' })
		);
		const p = await context.newPage();
		crashed = false;
		p.on('crash', () => (crashed = true));
		// A static file of the app's origin: the worker must be same-origin, the app need not run.
		await p.goto(`${baseUrl}/_app/version.json`);
		await p.evaluate(PAGE_SCRIPT);
		await p.evaluate((url) => {
			const w = window as unknown as {
				__fntPdf: (u: string) => unknown;
				__fntRun: unknown;
			};
			w.__fntRun = w.__fntPdf(url);
		}, workerUrl);
		page = p;
		return p;
	}

	return {
		async run(bytes, timeoutMs) {
			const p = page && !crashed ? page : await open();
			const t0 = performance.now();
			const ms = () => performance.now() - t0;
			current = bytes;
			const pdfUrl = `${baseUrl}/__bench_pdf/${++served}.pdf`;
			let tabTimer: ReturnType<typeof setTimeout> | undefined;
			// The page bounds the call itself; this outer bound catches a tab that stops answering.
			const tabHang = new Promise<'tab-hang'>((resolve) => {
				tabTimer = setTimeout(() => resolve('tab-hang'), timeoutMs + 15_000);
			});
			try {
				const answer = await Promise.race([
					p.evaluate(
						([u, t]) =>
							(
								window as unknown as {
									__fntRun: (u: string, t: number) => Promise<unknown>;
								}
							).__fntRun(u, t),
						[pdfUrl, timeoutMs] as const
					) as Promise<PageAnswer>,
					tabHang
				]);
				if (answer === 'tab-hang') {
					page = undefined;
					return { kind: 'hang', afterMs: ms(), ms: ms() };
				}
				return { ...toOutcome(answer, timeoutMs), ms: ms() };
			} catch (error) {
				page = undefined;
				const detail = crashed
					? 'the tab crashed'
					: `the page failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`;
				return { kind: 'crash', detail, ms: ms() };
			} finally {
				clearTimeout(tabTimer);
			}
		},
		async close() {
			await context?.close().catch(() => {});
		}
	};
}

function toOutcome(answer: PageAnswer, timeoutMs: number): PdfOutcome {
	if (answer.kind === 'hang') return { kind: 'hang', afterMs: timeoutMs };
	if (answer.kind === 'exception') return answer;
	const v = answer.value;
	if (!v.ok) return { kind: 'failure', code: v.code, message: v.message };
	return { kind: 'result', pages: v.pages?.length ?? 0 };
}
