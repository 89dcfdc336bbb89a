/**
 * What a running book shows (issue 9): the chunk map moving in every tab, the time left after
 * the first chunk, the progress in the tab title, a bar that keeps its value offline, and a
 * notification in a hidden tab when the book finishes, with permission asked at the drop.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launchChromium, signUp } from './harness.ts';
import { readStore, startJobsStack, type JobsStack } from './jobs-harness.ts';

const BOOK = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
/** At 50 words about 200 sentences go to the model: about 40 chunks of 5, two at a time. */
const LIMIT = 50;
const RELAY_ENV = { MAX_ITEMS_PER_CHUNK: '5', CLIENT_CONCURRENCY: '2', GEMINI_TIMEOUT_MS: '5000' };
/** Slow enough that the map is seen moving, fast enough for a run of about ten seconds. */
const LATENCY = { fixedMs: 350, perOutputTokenMs: 0 };

let browser: Browser;
let stack: JobsStack;

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startJobsStack(RELAY_ENV);
	stack.mock.setLatency(LATENCY);
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await stack?.close();
});

/** What the page's stand-in for the Notification API recorded. */
interface NotificationLog {
	requests: number;
	shown: { title: string; tag?: string }[];
}

/**
 * Replaces the Notification API with a recorder before the app loads, and can make the page
 * believe it is hidden (a headless tab is always visible).
 */
async function stubNotifications(page: Page, opts: { hidden: boolean; permission: string }) {
	await page.addInitScript(({ hidden, permission }) => {
		const log = { requests: 0, shown: [] as { title: string; tag?: string }[] };
		(window as unknown as { __notifications: typeof log }).__notifications = log;
		let state = permission;
		class FakeNotification {
			static get permission() {
				return state;
			}
			static async requestPermission() {
				log.requests += 1;
				state = 'granted';
				return state;
			}
			onclick: (() => void) | null = null;
			constructor(title: string, options?: { tag?: string }) {
				log.shown.push({ title, tag: options?.tag });
			}
			close() {}
		}
		Object.defineProperty(window, 'Notification', { value: FakeNotification, writable: true });
		if (hidden) {
			Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' });
			Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
		}
	}, opts);
}

function notifications(page: Page): Promise<NotificationLog> {
	return page.evaluate(
		() => (window as unknown as { __notifications: NotificationLog }).__notifications
	);
}

/** The chunk map's counts, read from the legend's data attributes. */
async function mapCounts(page: Page) {
	const map = page.getByTestId('job').first().getByTestId('chunk-map');
	if (!(await map.count())) return undefined;
	const count = async (status: string) =>
		Number(await map.getByTestId(`chunk-${status}`).getAttribute('data-count'));
	return {
		done: await count('done'),
		running: await count('running'),
		waiting: await count('pending'),
		failed: await count('failed'),
		summary: ((await map.getByTestId('chunk-summary').textContent()) ?? '')
			.replace(/\s+/gu, ' ')
			.trim()
	};
}

async function openTab(
	context: BrowserContext,
	opts: { hidden: boolean; permission: string }
): Promise<Page> {
	const page = await context.newPage();
	await stubNotifications(page, opts);
	await page.goto(stack.url);
	return page;
}

async function statusOf(page: Page) {
	return page.getByTestId('job').first().getAttribute('data-status');
}

describe('a running book', () => {
	it('shows its chunks moving in two tabs, the time left, the title, a bar kept offline, and notifies when done', async () => {
		const context = await browser.newContext();
		await signUp(context, stack.url);
		const a = await openTab(context, { hidden: false, permission: 'default' });
		const errors: string[] = [];
		a.on('pageerror', (e) => errors.push(String(e)));
		const baseTitle = await a.title();
		expect(baseTitle).not.toMatch(/%/u);

		const ai = a.getByRole('radio', { name: /AI \(Gemini\)/ });
		await expect.poll(() => ai.isEnabled(), { timeout: 15_000 }).toBe(true);
		await ai.check();
		await a.getByTestId('word-limit').fill(String(LIMIT));
		await a.getByTestId('word-limit').dispatchEvent('change');
		// Never at page load: the permission is asked at the drop, once.
		expect((await notifications(a)).requests).toBe(0);
		await a.getByTestId('file-input').setInputFiles(BOOK);
		await expect.poll(async () => (await notifications(a)).requests).toBe(1);

		// The map appears with the book's chunks, all accounted for.
		await expect.poll(() => mapCounts(a), { timeout: 30_000 }).toBeDefined();
		const { jobs } = await readStore(a);
		const total = jobs[0].totalChunks;
		expect(total).toBeGreaterThanOrEqual(20);
		const first = (await mapCounts(a))!;
		expect(first.done + first.running + first.waiting + first.failed).toBe(total);
		expect(first.summary).toMatch(/^\d+ done, \d+ running, \d+ waiting, \d+ failed$/u);

		// The counts move: more done, fewer waiting.
		await expect
			.poll(async () => (await mapCounts(a))!.done, { timeout: 20_000 })
			.toBeGreaterThan(first.done);
		const later = (await mapCounts(a))!;
		expect(later.waiting).toBeLessThan(first.waiting);

		// After the first chunk: the time left, and the progress in the tab title.
		await expect
			.poll(() => a.getByTestId('job-time-left').textContent(), { timeout: 10_000 })
			.toMatch(/^About \d+ (seconds?|minutes?) left$/u);
		await expect.poll(() => a.title()).toMatch(/^\d+% · .+ — /u);

		// A second tab of the same browser shows the same map, and follows it.
		// The permission belongs to the origin: the second tab finds it granted at the first drop.
		const b = await openTab(context, { hidden: true, permission: 'granted' });
		await expect.poll(() => mapCounts(b), { timeout: 10_000 }).toBeDefined();
		const inB = (await mapCounts(b))!;
		expect(inB.done).toBeGreaterThanOrEqual(later.done);
		await expect
			.poll(async () => (await mapCounts(b))!.done, { timeout: 20_000 })
			.toBeGreaterThan(inB.done);

		// Offline: the step says so, the bar keeps the chunks done, no countdown is shown.
		await context.setOffline(true);
		await expect
			.poll(() => a.getByTestId('job-step').textContent(), { timeout: 10_000 })
			.toBe('Offline — will resume');
		await a.waitForTimeout(1_000);
		const bar = await a
			.getByTestId('job-progress')
			.evaluate((p: HTMLProgressElement) => ({ value: p.value, max: p.max, position: p.position }));
		const offlineJob = (await readStore(a)).jobs[0];
		expect(bar.value).toBeGreaterThan(0);
		expect(bar).toEqual({
			value: offlineJob.processedChunks + offlineJob.failedChunks,
			max: total,
			position: (offlineJob.processedChunks + offlineJob.failedChunks) / total
		});
		expect(await a.getByTestId('job-time-left').count()).toBe(0);
		expect((await mapCounts(a))!.running).toBe(0);
		await context.setOffline(false);

		// The end: the title is the page's own again; only the hidden tab notified, once.
		await expect.poll(() => statusOf(a), { timeout: 90_000 }).toBe('completed');
		await expect.poll(() => a.title()).toBe(baseTitle);
		await expect.poll(async () => (await notifications(b)).shown.length).toBe(1);
		const shown = (await notifications(b)).shown[0];
		expect(shown.tag).toBe(`fnt-job-${jobs[0].id}`);
		expect(shown.title).toMatch(/is ready$/u);
		expect((await notifications(a)).shown).toEqual([]);
		// The tab that was not asked at a drop never asked either.
		expect((await notifications(b)).requests).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});
});
