import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLoadScripts, staticFirstLoad } from './first-load-js.ts';
import { launchChromium, startStack, type Stack } from './harness.ts';

/** The budget for the JavaScript of a first visit, gzip. */
const BUDGET_KB = 100;

describe('first-load JavaScript', () => {
	let browser: Browser;
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: false });
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
		await stack?.close();
	});

	for (const view of ['/', '/library']) {
		it(`draws ${view} with at most ${BUDGET_KB} KB gzip of JavaScript`, () => {
			const { files, totalGzip } = staticFirstLoad(view);
			expect(files.length).toBeGreaterThan(3);
			expect(totalGzip / 1024, files.join('\n')).toBeLessThanOrEqual(BUDGET_KB);
		});
	}

	it('loads, by the time the home page is idle, only what the static graph and its services need', async () => {
		const idle = await firstLoadScripts(browser, stack.relay.url + '/');
		const drawn = staticFirstLoad('/');
		// Every script of the static graph really arrives, and the page has code beyond it only
		// for the services it loads after drawing (the relay client, the job manager).
		for (const f of drawn.files) expect(idle.files.some((s) => s.url.endsWith(f))).toBe(true);
		expect(idle.totalGzip).toBeGreaterThanOrEqual(drawn.totalGzip);
		expect(idle.totalGzip - drawn.totalGzip).toBeLessThan(40 * 1024);
	});

	it('leaves pdf.js and the XLSX writer to the moments that need them', async () => {
		const { files } = await firstLoadScripts(browser, stack.relay.url + '/');
		const code = files.map((f) => f.text).join('\n');
		// Strings each library cannot do without: pdf.js's worker options, and the part list
		// that every XLSX file carries.
		expect(code).not.toContain('GlobalWorkerOptions');
		expect(code).not.toContain('[Content_Types].xml');
	});
});
