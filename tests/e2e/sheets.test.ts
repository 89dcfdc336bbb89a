/**
 * "Send to Google Sheets" in Chromium, through what the reader sees: sign in with Google, the
 * first send goes through the drive.file consent and resumes on the book page, a second send
 * opens a new spreadsheet in a new tab, and a password account is told what it needs.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGoogle, type MockGoogle } from '../relay/mock-google.ts';
import { startMockSheets, type MockSheets } from '../relay/mock-sheets.ts';
import { runAxe, serious, type AxeViolation } from './axe.ts';
import { launchChromium, openApp, signUp, startStack, type Stack } from './harness.ts';
import { seedBook } from './seed-book.ts';

const client = { id: 'client-id.apps.example', secret: 'google-client-secret' };
const ROWS = 120;
/** The page loads the app, the book and the relay's answer: seconds on a busy machine. */
const WAIT = { timeout: 15_000, interval: 100 };

let browser: Browser;
let google: MockGoogle;
let sheets: MockSheets;
let stack: Stack;

beforeAll(async () => {
	google = await startMockGoogle(client);
	sheets = await startMockSheets((t) => google.tokenInfo(t));
	stack = await startStack({
		ai: false,
		env: {
			GOOGLE_CLIENT_ID: client.id,
			GOOGLE_CLIENT_SECRET: client.secret,
			GOOGLE_AUTH_BASE_URL: google.url,
			GOOGLE_SHEETS_BASE_URL: sheets.url,
			TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64')
		}
	});
	browser = await launchChromium();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await stack?.close();
	await sheets?.close();
	await google?.close();
});

/**
 * Seeds a book once the app has created its IndexedDB. The first visit reloads the page while
 * it settles (locale, service worker), so a seed that lands in between is tried again.
 */
async function seedWhenReady(page: Page, opts: { rows: number; title: string }): Promise<string> {
	for (let attempt = 1; ; attempt++) {
		await page.waitForLoadState('networkidle');
		await page.waitForFunction(async () =>
			(await indexedDB.databases()).some(
				(d) => d.name === 'french-novel-tool' && (d.version ?? 0) > 1
			)
		);
		try {
			return await seedBook(page, opts);
		} catch (err) {
			if (attempt >= 5) throw err;
			await page.waitForTimeout(500);
		}
	}
}

/** Serious axe violations inside the Sheets button's group, in light and in dark mode. */
async function buttonViolations(page: Page): Promise<AxeViolation[]> {
	const found: AxeViolation[] = [];
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		for (const v of serious(await runAxe(page))) {
			const targets: string[] = [];
			for (const t of v.targets) {
				const inside = await page.evaluate(
					(sel) => document.querySelector(sel)?.closest('[data-testid="sheets"]') != null,
					t
				);
				if (inside) targets.push(t);
			}
			if (targets.length > 0) found.push({ ...v, help: `${colorScheme}: ${v.help}`, targets });
		}
	}
	await page.emulateMedia({ colorScheme: null });
	return found;
}

describe('Send to Google Sheets in Chromium', () => {
	it('asks for Drive access at the first send, resumes it, and makes a new spreadsheet each time', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		google.setAccount({ sub: 'g-e2e-1', email: 'lectrice@gmail.example', emailVerified: true });
		await page.goto(`${stack.relay.url}/auth/google`);
		await page.waitForURL(`${stack.relay.url}/`);
		const id = await seedWhenReady(page, { rows: ROWS, title: 'Le Horla' });
		await page.goto(`${stack.relay.url}/book/${id}`);

		const send = page.getByTestId('sheets-send');
		await expect.poll(() => send.isEnabled(), WAIT).toBe(true);
		await expect.poll(() => page.getByTestId('sheets-why').innerText(), WAIT).toMatch(/Drive/);
		const consentsBefore = google.authorizeRequests.length;
		await send.click();
		// Off to Google's consent and back to the book, where the send resumes by itself.
		await page.waitForURL(new RegExp(`/book/${id}$`), { timeout: 15_000 });
		const consent = google.authorizeRequests[consentsBefore];
		expect(consent.scope).toContain('https://www.googleapis.com/auth/drive.file');
		expect(consent.include_granted_scopes).toBe('true');
		await expect
			.poll(() => page.getByTestId('sheets-status').innerText(), WAIT)
			.toMatch(/new spreadsheet was made with \d+ rows/);
		expect(sheets.spreadsheets.size).toBe(1);
		const [first] = [...sheets.spreadsheets.values()];
		expect(first.title).toBe('Le Horla');
		const firstValues = sheets.valuesOf(first.id);
		// A header, then one row per short sentence: a third of the seeded sentences split in two.
		expect(firstValues).toHaveLength(1 + ROWS + ROWS / 3);
		expect(await page.getByTestId('sheets-status').innerText()).toContain(
			`with ${firstValues.length} rows`
		);
		expect(firstValues[1].join(' ')).toMatch(/élève/);
		expect(await buttonViolations(page)).toEqual([]);
		const href = await page.getByTestId('sheets-open').getAttribute('href');
		expect(href).toBe(`${sheets.url}/spreadsheets/d/${first.id}/edit`);

		// The second press opens the new spreadsheet in a new tab.
		const [tab] = await Promise.all([context.waitForEvent('page'), send.click()]);
		await tab.waitForURL(/\/spreadsheets\/d\/.+\/edit$/, { timeout: 15_000 });
		expect(sheets.spreadsheets.size).toBe(2);
		const second = [...sheets.spreadsheets.values()].find((s) => s.id !== first.id)!;
		expect(tab.url()).toBe(`${sheets.url}/spreadsheets/d/${second.id}/edit`);
		expect(sheets.valuesOf(second.id)).toEqual(firstValues);
		expect(sheets.valuesOf(first.id)).toEqual(firstValues);
		expect(sheets.overwrites).toBe(0);

		// Disconnect: the relay revokes at Google, and the next send asks for consent again.
		await page.getByTestId('sheets-disconnect').click();
		await expect
			.poll(() => page.getByTestId('sheets-status').innerText(), WAIT)
			.toMatch(/disconnected/);
		expect(google.liveRefreshTokens('g-e2e-1')).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	}, 90_000);

	it('tells a reader without a Google account what the button needs', async () => {
		const made = sheets.spreadsheets.size;
		const context = await browser.newContext();
		await signUp(context, stack.relay.url);
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		const id = await seedWhenReady(page, { rows: 5, title: 'Sans Google' });
		await page.goto(`${stack.relay.url}/book/${id}`);
		const why = page.getByTestId('sheets-why');
		await expect.poll(() => why.innerText(), WAIT).toMatch(/signed in with Google/);
		expect(await page.getByTestId('sheets-send').isDisabled()).toBe(true);
		expect(await page.getByTestId('sheets-sign-in').isVisible()).toBe(true);
		expect(await buttonViolations(page)).toEqual([]);
		await page.getByTestId('sheets-send').click({ force: true });
		expect(sheets.spreadsheets.size).toBe(made);
		await context.close();
	}, 60_000);
});
