/**
 * The app runs under its Content-Security-Policy in Chromium: a book goes through in
 * mechanical mode (PDF worker, pdf.js, IndexedDB), its page preview is drawn, the service
 * worker starts, and no violation is reported anywhere. Violations are collected two ways:
 * the page's `securitypolicyviolation` events, and the reports Chromium posts to the policy's
 * report-uri, which also cover the workers and the service worker. Canaries at the end prove
 * that both channels would have caught one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launchChromium, startStack, type Stack } from './harness.ts';
import { processBook } from './process-book.ts';

const MINI_NOVEL = `${FIXTURES}/mini-novel.pdf`;
/** Nothing listens there; the canaries' requests are refused before they leave anyway. */
const FOREIGN = 'http://foreign.invalid/canary';

/** What Chromium says in a report-uri body. */
interface CspReport {
	'document-uri': string;
	'violated-directive': string;
	'blocked-uri': string;
}

let browser: Browser;
let stack: Stack;
let collector: http.Server;
const reports: CspReport[] = [];

beforeAll(async () => {
	collector = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			reports.push((JSON.parse(body) as { 'csp-report': CspReport })['csp-report']);
			res.end();
		});
	});
	await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
	const reportUri = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/csp`;
	browser = await launchChromium();
	stack = await startStack({ ai: false, env: { CSP_REPORT_URI: reportUri } });
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
	await new Promise((resolve) => collector?.close(resolve));
});

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy.split(';').map((d) => {
			const [name, ...sources] = d.trim().split(/\s+/);
			return [name, sources] as const;
		})
	);
}

describe('the Content-Security-Policy in Chromium', () => {
	it('sends the policy and the other security headers with the app', async () => {
		const res = await fetch(stack.relay.url);
		const policy = directives(res.headers.get('content-security-policy') ?? '');
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		expect(policy.get('script-src')?.[0]).toBe("'self'");
		// The theme script and SvelteKit's boot script, by hash.
		expect(policy.get('script-src')?.filter((s) => s.startsWith("'sha256-"))).toHaveLength(2);
		for (const sources of policy.values()) expect(sources).not.toContain("'unsafe-eval'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
	});

	it('runs a book, its page preview and the service worker with no violation', async () => {
		const context = await browser.newContext();
		await context.addInitScript(() => {
			const seen: string[] = [];
			(globalThis as unknown as { cspSeen: string[] }).cspSeen = seen;
			document.addEventListener('securitypolicyviolation', (e) =>
				seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
			);
		});
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		const seen = () =>
			page.evaluate(() => (globalThis as unknown as { cspSeen: string[] }).cspSeen);

		const response = await page.goto(stack.relay.url);
		expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
		// The theme script ran: the page knows its language before the app starts.
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

		const id = await processBook(page, MINI_NOVEL, 90_000);
		expect(await seen()).toEqual([]);
		await page.goto(`${stack.relay.url}/book/${id}`);
		await page.getByTestId('see-page').first().click();
		await page.getByTestId('page-preview-image').waitFor();
		expect(await page.getByTestId('page-preview-image').getAttribute('src')).toMatch(/^blob:/);
		expect(await seen()).toEqual([]);
		expect(errors).toEqual([]);

		// Canaries: one in the page, one in the PDF worker. Once both reports are in, any
		// violation from the run (sent before them) would be in too.
		await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'globalThis.canaryRan = true';
			document.body.append(script);
		});
		const worker = page.workers().find((w) => w.url().includes('pdf.worker'));
		expect(worker, 'the PDF worker is running').toBeDefined();
		await worker!.evaluate((url) => fetch(url).catch(() => undefined), FOREIGN);
		await expect.poll(() => reports.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

		expect(await page.evaluate(() => 'canaryRan' in globalThis)).toBe(false);
		expect(await seen()).toEqual([expect.stringMatching(/^script-src-elem inline/)]);
		const summary = reports.map((r) => `${r['violated-directive']} ${r['blocked-uri']}`);
		expect(summary.sort()).toEqual(['connect-src ' + FOREIGN, 'script-src-elem inline'].sort());
		expect(
			reports.find((r) => r['violated-directive'] === 'connect-src')?.['document-uri']
		).toMatch(/pdf\.worker/);
		await context.close();
	});
});
