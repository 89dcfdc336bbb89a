/**
 * The JavaScript a first visit to a view downloads, measured in Chromium: what the page
 * itself requests before it settles (workers start later, when a book needs them).
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

/** Script files and their gzip sizes, as a first visit to `url` loads them. */
export async function firstLoadScripts(
	browser: Browser,
	url: string
): Promise<{ files: { url: string; gzip: number; text: string }[]; totalGzip: number }> {
	// A fresh context: no service worker, no HTTP cache, as on a reader's first visit.
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	const pending: Promise<{ url: string; gzip: number; text: string } | undefined>[] = [];
	page.on('response', (res) => {
		if (res.request().resourceType() !== 'script') return;
		pending.push(
			res
				.body()
				.then((body) => ({
					url: res.url(),
					gzip: gzipSync(body, { level: 9 }).length,
					text: body.toString('utf8')
				}))
				.catch(() => undefined)
		);
	});
	await page.goto(url, { waitUntil: 'networkidle' });
	const files = (await Promise.all(pending)).filter((f) => f !== undefined);
	await context.close();
	return { files, totalGzip: files.reduce((n, f) => n + f.gzip, 0) };
}
