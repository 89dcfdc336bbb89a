/**
 * French and English, and the dark theme, through what the reader sees: the browser's language
 * on first load, a switch that is remembered, a theme switch that changes the page, and a
 * relay refusal worded in French rather than shown raw.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launchChromium, signUp, startStack, type Stack } from './harness.ts';

const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');

let browser: Browser;
beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

const legend = (page: Page) => page.locator('fieldset.settings legend').textContent();
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('the interface language and the theme', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: false });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('follows a French browser on first load', async () => {
		const context = await browser.newContext({ locale: 'fr-FR' });
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await expect.poll(() => legend(page)).toBe('Réglages du prochain livre');
		expect(await htmlLang(page)).toBe('fr');
		expect(await page.getByRole('region', { name: 'Déposez un PDF ici' }).count()).toBe(1);
		expect(await page.getByRole('button', { name: 'Choisir un PDF…' }).count()).toBe(1);
		await expect
			.poll(() => page.getByTestId('ai-unavailable').textContent())
			.toMatch(/^Le mode IA a besoin d’une clé d’API Gemini.*GEMINI_API_KEY=/u);
		await page.screenshot({ path: '/tmp/i18n-home-fr.png', fullPage: true });
		await context.close();
	});

	it('switches to English, and stays English after a reload', async () => {
		const context = await browser.newContext({ locale: 'fr-FR' });
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await expect.poll(() => legend(page)).toBe('Réglages du prochain livre');
		// Paraglide reloads the page in the new language.
		await Promise.all([
			page.waitForEvent('load'),
			page.getByTestId('language-select').selectOption('en')
		]);
		await expect.poll(() => legend(page)).toBe('Settings for the next book');
		expect(await htmlLang(page)).toBe('en');
		await page.reload();
		await expect.poll(() => legend(page)).toBe('Settings for the next book');
		expect(await htmlLang(page)).toBe('en');
		expect(await page.getByTestId('language-select').inputValue()).toBe('en');
		await context.close();
	});

	it('turns the page dark with the switch, before the first paint after a reload too', async () => {
		const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light' });
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(await background()).toBe('rgb(248, 250, 252)');
		await page.getByTestId('theme-select').selectOption('dark');
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		await expect.poll(background).toBe('rgb(11, 18, 32)');
		// The inline script in app.html sets it before any of the app's code runs.
		await page.reload({ waitUntil: 'commit' });
		await page.waitForFunction(() => document.documentElement.dataset.theme !== undefined);
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		await page.screenshot({ path: '/tmp/i18n-home-dark.png', fullPage: true });
		// Back to the system's choice: the attribute goes, and the light system wins again.
		await page.getByTestId('theme-select').selectOption('system');
		expect(await page.evaluate(() => document.documentElement.hasAttribute('data-theme'))).toBe(
			false
		);
		await expect.poll(background).toBe('rgb(248, 250, 252)');
		await context.close();
	});

	it('keeps the settings panel readable in dark mode: text and surface differ', async () => {
		const context = await browser.newContext({ colorScheme: 'dark' });
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		const colours = await page.evaluate(() => {
			const panel = document.querySelector('fieldset.settings') as HTMLElement;
			const s = getComputedStyle(panel);
			return { text: s.color, background: s.backgroundColor };
		});
		expect(colours).toEqual({ text: 'rgb(229, 231, 235)', background: 'rgb(17, 26, 46)' });
		await context.close();
	});
});

describe('a relay refusal, in French', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack({ ai: true, env: { MONTHLY_GRANT_CREDITS: '1' } });
	});
	afterAll(async () => {
		await stack?.close();
	});

	it('words "out of credits" from its kind, and the tiers’ prices in words', async () => {
		const context = await browser.newContext({ locale: 'fr-FR' });
		await signUp(context, stack.relay.url);
		const page = await context.newPage();
		await page.goto(stack.relay.url);
		await page.getByRole('radio', { name: /IA \(Gemini\)/ }).check();
		expect(await page.getByTestId('tier-price').textContent()).toBe(
			'Lite coûte environ un tiers du prix de Flash.'
		);
		await page.getByTestId('tier-select').selectOption('lite');
		await page.getByTestId('file-input').setInputFiles(SAINT_SIMON);
		const card = page.getByTestId('job').first();
		await expect.poll(() => card.getAttribute('data-status'), { timeout: 60_000 }).toBe('paused');
		const shown = (await card.getByTestId('job-error').textContent())?.trim() ?? '';
		expect(shown).toMatch(/^Crédits insuffisants : il en faut environ [\d,]+ et vous en avez 1\./u);
		// The relay's own English words never reach the French reader.
		const stored = await page.evaluate(
			() =>
				new Promise<{ lastError?: string; settings: { tier?: string } }>((resolve, reject) => {
					const open = indexedDB.open('french-novel-tool');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const req = open.result.transaction('jobs').objectStore('jobs').getAll();
						req.onsuccess = () => resolve(req.result[0]);
					};
				})
		);
		expect(stored.lastError).toMatch(/Not enough credits/);
		expect(shown).not.toContain(stored.lastError);
		// The book keeps the tier it was started with.
		expect(stored.settings.tier).toBe('lite');
		await context.close();
	});
});
