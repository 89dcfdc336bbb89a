import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLoadScripts } from './first-load-js.ts';
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
		it(`stays within ${BUDGET_KB} KB gzip on ${view}`, async () => {
			const { files, totalGzip } = await firstLoadScripts(browser, stack.relay.url + view);
			expect(files.length).toBeGreaterThan(0);
			const kb = totalGzip / 1024;
			expect(kb, files.map((f) => `${f.url} ${f.gzip}`).join('\n')).toBeLessThanOrEqual(BUDGET_KB);
		});
	}

	it('leaves pdf.js and the XLSX writer to the moments that need them', async () => {
		const { files } = await firstLoadScripts(browser, stack.relay.url + '/');
		const code = files.map((f) => f.text).join('\n');
		// Strings each library cannot do without: pdf.js's worker options, and the part list
		// that every XLSX file carries.
		expect(code).not.toContain('GlobalWorkerOptions');
		expect(code).not.toContain('[Content_Types].xml');
	});
});
