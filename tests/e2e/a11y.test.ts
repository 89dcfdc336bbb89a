/**
 * axe-core on every view and state a reader meets: no serious or critical violation, in the
 * light and the dark theme. The results per view are printed for the closing note.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, serious, type AxeViolation } from './axe.ts';
import { FIXTURES, launchChromium, signUp, startStack, type Stack } from './harness.ts';
import { seedBook } from './seed-book.ts';

const MINI = join(FIXTURES, 'mini-novel.pdf');
const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
const DAMAGED = join(FIXTURES, 'ocrmypdf__invalid.pdf');

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

/** axe's verdict on the page as it is; fails with the list of what a reader is blocked by. */
async function expectAccessible(page: Page, view: string): Promise<void> {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		// A colour transition still running would be judged half-way between the two themes.
		await page.waitForFunction(() => document.getAnimations().length === 0);
		const all: AxeViolation[] = await runAxe(page);
		const blocking = serious(all);
		console.log(
			`axe ${view} (${scheme}): ${blocking.length} serious/critical, ${all.length - blocking.length} minor` +
				(all.length
					? ` [${all.map((v) => `${v.id}:${v.impact} ${v.targets.join(' | ')}`).join(', ')}]`
					: '')
		);
		expect(blocking, `${view} (${scheme}): ${JSON.stringify(blocking, null, 1)}`).toEqual([]);
	}
}

async function statusOf(page: Page): Promise<string> {
	return (await page.getByTestId('job').first().getAttribute('data-status')) ?? '';
}

describe('accessibility, mechanical mode', () => {
	let stack: Stack;
	let context: BrowserContext;
	let page: Page;
	beforeAll(async () => {
		stack = await startStack({ ai: false });
		context = await browser.newContext();
		page = await context.newPage();
	});
	afterAll(async () => {
		await context?.close();
		await stack?.close();
	});

	it('the empty home page', async () => {
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		await expectAccessible(page, 'home, empty');
	});

	it('the home page in French', async () => {
		const fr = await browser.newContext({ locale: 'fr-FR' });
		const p = await fr.newPage();
		await p.goto(stack.relay.url);
		await p.getByTestId('file-input').waitFor({ state: 'attached' });
		expect(await p.evaluate(() => document.documentElement.lang)).toBe('fr');
		await expectAccessible(p, 'home, French');
		await fr.close();
	});

	it('a book running, on the home page and its own page', async () => {
		await page.getByTestId('file-input').setInputFiles(SAINT_SIMON);
		await page.getByTestId('job').first().waitFor();
		await expectAccessible(page, 'home, job running');
		await expect.poll(() => statusOf(page), { timeout: 90_000 }).toBe('completed');
	});

	it('an error: a damaged PDF', async () => {
		await page.getByTestId('file-input').setInputFiles(DAMAGED);
		await expect
			.poll(() => page.getByTestId('job-error').count(), { timeout: 60_000 })
			.toBeGreaterThan(0);
		await expectAccessible(page, 'home, error');
	});

	it('a book of 10,000 rows', async () => {
		const id = await seedBook(page, { rows: 10_000, title: 'Dix mille phrases' });
		await page.goto(`${stack.relay.url}/book/${id}`);
		await expect
			.poll(() => page.getByTestId('sentence-count').textContent(), { timeout: 30_000 })
			.toMatch(/10,?000/);
		await page.getByTestId('result-row').first().waitFor();
		await expectAccessible(page, 'book, 10,000 rows');
	});

	it('a small book, with the page preview open', async () => {
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').setInputFiles(MINI);
		await expect.poll(() => statusOf(page), { timeout: 60_000 }).toBe('completed');
		await page.getByTestId('job').first().getByRole('link').first().click();
		await page.getByTestId('result-row').first().waitFor();
		await expectAccessible(page, 'book, small');
		await page.getByTestId('see-page').first().click();
		await page.getByRole('dialog').waitFor();
		await expectAccessible(page, 'book, page preview');
		await page.keyboard.press('Escape');
	});

	it('the library', async () => {
		await page.goto(`${stack.relay.url}/library`);
		await page.getByTestId('library-book').first().waitFor();
		await expectAccessible(page, 'library');
	});

	it('the share page', async () => {
		await page.goto(`${stack.relay.url}/share`);
		await page.waitForLoadState('networkidle');
		await expectAccessible(page, 'share page');
	});
});

describe('accessibility, signed in', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: true });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('the home page signed in, and the admin page', async () => {
		const context = await browser.newContext();
		const { email } = await signUp(context, stack.relay.url);
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await page.getByTestId('account-balance').waitFor();
		await expectAccessible(page, 'home, signed in');

		await stack.relay.deps.users.setRole(email, 'admin');
		await page.goto(`${stack.relay.url}/admin`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		await page.waitForLoadState('networkidle');
		await expectAccessible(page, 'admin');
		await context.close();
	});
});
