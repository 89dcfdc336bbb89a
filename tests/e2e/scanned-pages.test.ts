/**
 * Scanned (image-only) pages in the built app. In AI mode the page is cut out with pdf-lib,
 * read by the mock Gemini through the relay's `pages.read`, and its text becomes the job's
 * sentences; in mechanical mode the same scan still fails with the no-text-layer message.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launchChromium, openApp, startStack } from './harness.ts';

const SCAN = join(FIXTURES, 'ocrmypdf__francais.pdf');

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

const ENDED = /^(?:completed|completed_with_errors|failed|paused)$/u;

/** Drops the scan and waits for its job to end, noting every step the card showed. */
async function dropScan(page: Page): Promise<{ status: string | null; steps: Set<string> }> {
	await page.getByTestId('file-input').setInputFiles(SCAN);
	const card = page.getByTestId('job').first();
	const steps = new Set<string>();
	await expect
		.poll(
			async () => {
				const step = await card.getByTestId('job-step').textContent();
				if (step) steps.add(step.trim());
				return card.getAttribute('data-status');
			},
			{ timeout: 60_000, interval: 50 }
		)
		.toMatch(ENDED);
	return { status: await card.getAttribute('data-status'), steps };
}

describe('scanned pages', () => {
	it('AI mode: Gemini reads the page image and its text becomes the sentences', async () => {
		const stack = await startStack({ ai: true });
		try {
			// Slow answers, so the card's "Reading page images" step is on screen long enough to see.
			stack.mock!.setLatency({ fixedMs: 800 });
			const { context, page, errors } = await openApp(browser, stack.relay.url, { signUp: true });
			await page.getByRole('radio', { name: /AI \(Gemini\)/ }).check();
			const { status, steps } = await dropScan(page);
			expect(status).toBe('completed');
			expect(steps).toContain('Reading page images 0/1');

			const body = stack.mock!.lastRequest()?.body as {
				contents: { parts: { inlineData?: { mimeType: string; data: string } }[] }[];
			};
			const pdfPart = body.contents[0].parts.find((p) => p.inlineData)?.inlineData;
			expect(pdfPart?.mimeType).toBe('application/pdf');
			expect(Buffer.from(pdfPart!.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

			const card = page.getByTestId('job').first();
			expect(await card.getByTestId('job-unreadable').count()).toBe(0);
			// The book's page shows each output sentence with its word count.
			await page.getByTestId('job-open').first().click();
			await page.waitForURL(/\/book\/[\w-]+$/u);
			await expect
				.poll(() => page.getByTestId('output-sentence').allTextContents())
				.toEqual(['Texte de la page.']);
			expect(await page.getByTestId('output-sentence').locator('xpath=..').textContent()).toMatch(
				/Texte de la page\.\s*4 words/u
			);
			expect(await page.getByTestId('sentence-count').textContent()).toMatch(/^1 sentences?$/u);
			expect(errors).toEqual([]);
			await context.close();
		} finally {
			await stack.close();
		}
	});

	it('mechanical mode: the same scan fails with the no-text-layer message', async () => {
		const stack = await startStack({ ai: false });
		try {
			const { context, page } = await openApp(browser, stack.relay.url);
			const { status } = await dropScan(page);
			expect(status).toBe('failed');
			expect(await page.getByTestId('job-error').textContent()).toMatch(
				/No page of this PDF has a text layer: it looks scanned/u
			);
			await context.close();
		} finally {
			await stack.close();
		}
	});
});
