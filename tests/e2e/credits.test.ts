import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantByEmail } from '../../server/admin/admin-queries.ts';
import { FIXTURES, launchChromium, signUp, startStack, type Stack } from './harness.ts';

const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

const statusOf = (page: Page) => page.getByTestId('job').first().getAttribute('data-status');
const balanceOf = async (page: Page) =>
	parseFloat((await page.getByTestId('account-balance').textContent()) ?? 'NaN');

async function signedInPage(stack: Stack) {
	const context = await browser.newContext();
	const { email } = await signUp(context, stack.relay.url);
	const page = await context.newPage();
	await page.goto(stack.relay.url);
	await page.getByRole('radio', { name: /AI \(Gemini\)/ }).check();
	return { context, page, email };
}

describe('credits, end to end', () => {
	it('shows the 50 credits of a new account, the estimate, then the charge', async () => {
		const stack = await startStack({ ai: true });
		try {
			const { context, page } = await signedInPage(stack);
			await expect.poll(() => balanceOf(page)).toBe(50);
			await page.getByTestId('file-input').setInputFiles(SAINT_SIMON);
			await expect.poll(() => statusOf(page), { timeout: 90_000 }).toBe('completed');
			const charge = parseFloat(
				((await page.getByTestId('job-charge').textContent()) ?? '').replace(/[^\d.]/g, '')
			);
			expect(charge).toBeGreaterThan(0);
			expect(charge).toBeLessThan(50);
			// The shown balance follows: 50 minus what the book cost (display rounds to whole credits).
			await expect.poll(() => balanceOf(page)).toBeLessThan(50);
			expect(50 - (await balanceOf(page))).toBeCloseTo(charge, 0);
			await context.close();
		} finally {
			await stack.close();
		}
	});

	it('pauses a job the balance cannot cover, with a message, and resumes after an admin grant', async () => {
		const stack = await startStack({ ai: true, env: { MONTHLY_GRANT_CREDITS: '1' } });
		try {
			const { context, page, email } = await signedInPage(stack);
			await page.getByTestId('file-input').setInputFiles(SAINT_SIMON);
			await expect.poll(() => statusOf(page), { timeout: 60_000 }).toBe('paused');
			expect(await page.getByTestId('job-error').textContent()).toMatch(/credit/i);
			expect(Object.keys(stack.mock!.stats().itemCompletions)).toHaveLength(0);

			const granted = await grantByEmail(stack.relay.deps, email, 20, 'e2e top-up');
			expect(granted?.balance).toBeCloseTo(21, 5);
			await page.getByRole('button', { name: 'Resume' }).click();
			await expect.poll(() => statusOf(page), { timeout: 90_000 }).toBe('completed');
			const completions = Object.values(stack.mock!.stats().itemCompletions);
			expect(completions.length).toBeGreaterThan(100);
			expect(Math.max(...completions)).toBe(1);
			await context.close();
		} finally {
			await stack.close();
		}
	});
});
