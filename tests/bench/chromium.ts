import type { Page } from 'playwright-core';
import { launchChromium, signUp, startStack } from '../e2e/harness.ts';

/** A latency model close to Gemini Flash on 25-item chunks: ~1.5 s plus ~4 ms per output token. */
const GEMINI_LIKE = { fixedMs: 1500, perOutputTokenMs: 4 };

async function stepTimes(page: Page, file: string, until: (status: string) => boolean) {
	const t0 = performance.now();
	await page.getByTestId('file-input').setInputFiles(file);
	const seen: Record<string, number> = {};
	for (;;) {
		const step =
			(await page
				.getByTestId('job-step')
				.first()
				.textContent()
				.catch(() => '')) ?? '';
		const status =
			(await page
				.getByTestId('job')
				.first()
				.getAttribute('data-status')
				.catch(() => '')) ?? '';
		const key = step.replace(/\d+/g, 'N');
		if (!(key in seen)) seen[key] = performance.now() - t0;
		if (!('firstModelRow' in seen) && (await page.locator('tr.rewritten .tag').count()) > 0) {
			seen.firstModelRow = performance.now() - t0;
		}
		if (until(status)) return { seen, total: performance.now() - t0, status };
		await page.waitForTimeout(10);
	}
}

/** Extraction speed in Chromium's worker, and drop-to-first-results in AI mode with the mock. */
export async function benchChromium(file: string) {
	const browser = await launchChromium();
	try {
		const mech = await startStack({ ai: false });
		try {
			const runs: number[] = [];
			for (let k = 0; k < 3; k++) {
				const context = await browser.newContext();
				const page = await context.newPage();
				await page.goto(mech.relay.url);
				const r = await stepTimes(page, file, (s) => s === 'completed' || s === 'failed');
				const start = r.seen['Extracting page N/N'] ?? r.seen['Opening the PDF'] ?? 0;
				const end =
					Object.entries(r.seen).find(([k]) => k.startsWith('Processing'))?.[1] ?? r.total;
				runs.push(end - start);
				if (k === 0)
					console.log(
						`chromium: mechanical job, drop to completed ${(r.total / 1000).toFixed(2)} s`
					);
				await context.close();
			}
			runs.sort((a, b) => a - b);
			console.log(
				`chromium: extraction ${(121 / (runs[1] / 1000)).toFixed(0)} pages/s (median of 3, first progress to plan stored)`
			);
		} finally {
			await mech.close();
		}

		const ai = await startStack({ ai: true });
		try {
			ai.mock!.setLatency(GEMINI_LIKE);
			const context = await browser.newContext();
			await signUp(context, ai.relay.url);
			const page = await context.newPage();
			await page.goto(ai.relay.url);
			await page.getByRole('radio', { name: /AI \(Gemini\)/ }).check();
			const r = await stepTimes(page, file, (s) => s === 'completed' || s === 'failed');
			const chunks = Number(
				/\/(\d+)/.exec((await page.getByTestId('job-step').first().textContent()) ?? '')?.[1] ?? 0
			);
			const stats = ai.mock!.stats();
			console.log(
				`chromium: AI mode (mock ${GEMINI_LIKE.fixedMs} ms + ${GEMINI_LIKE.perOutputTokenMs} ms/token): drop to first results ${(r.seen.firstModelRow / 1000).toFixed(2)} s, to completed ${(r.total / 1000).toFixed(2)} s, ${stats.generateRequests} Gemini requests, status ${r.status}, ${chunks || '?'} chunks`
			);
			await context.close();
		} finally {
			await ai.close();
		}
	} finally {
		await browser.close();
	}
}
