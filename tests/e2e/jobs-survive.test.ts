/**
 * Jobs that survive (issue 4): a job in AI mode is disturbed mid-run (reload, closed tab,
 * offline, relay restart, a second tab, cancel, Gemini faults) and must end with exactly the
 * results of an undisturbed run, with no item answered twice by the mock Gemini.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/lib/jobs/retry-policy.ts';
import { FIXTURES, launchChromium, signUp } from './harness.ts';
import { readStore, startJobsStack, type JobsStack, type StoredRow } from './jobs-harness.ts';

const BOOK = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
/** At 50 words, about 200 of the book's 980 sentences go to the model. */
const LIMIT = 50;
/** About 20 chunks of up to 10 items, two at a time: a run of a few seconds. */
const RELAY_ENV = {
	MAX_ITEMS_PER_CHUNK: '10',
	CLIENT_CONCURRENCY: '2',
	// Above SLOW, so a slow answer is not a timeout; a `hang` fault costs this much.
	GEMINI_TIMEOUT_MS: '2500'
};
/** Each answer takes 100 ms plus 0.1 ms per output token. */
const LATENCY = { fixedMs: 100, perOutputTokenMs: 0.1 };
/** Gemini at work on a call long enough that a disruption surely cuts it mid-way. */
const SLOW = { fixedMs: 1_500, perOutputTokenMs: 0 };
const CHUNK_PATH = '/trpc/chunks.normalize';
const ENDED = ['completed', 'completed_with_errors', 'failed', 'cancelled', 'paused'];

let browser: Browser;
let stack: JobsStack;
/** Sentence index → its results, from one undisturbed run. */
let baseline: Map<number, string>;
/** A sentence in the middle of the book that goes to the model: its index and text. */
let middleIndex: number;
let middleSentence: string;
/** What each scenario measured, printed at the end for the closing note. */
const report: Record<string, Record<string, number | string>> = {};
/** Chunk index → relay answers this scenario's pages received, fresh (Gemini ran) or cached. */
let answers = new Map<number, { fresh: number; cached: number }>();

/** A signed-in tab on the app, with AI mode and the word limit set, counting its chunk calls. */
interface Tab {
	context: BrowserContext;
	page: Page;
	/** Times (Date.now) at which this page sent a chunk call. */
	chunkCalls: number[];
	/** This page's chunk calls without an answer yet, with the time each was seen. */
	inFlight: Map<Request, number>;
	errors: string[];
}

/** Polls `check` until it returns true; usable in hooks, where expect.poll is not. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

function watch(page: Page): Pick<Tab, 'chunkCalls' | 'inFlight' | 'errors'> {
	const chunkCalls: number[] = [];
	const inFlight = new Map<Request, number>();
	const errors: string[] = [];
	const isChunkCall = (req: Request) => new URL(req.url()).pathname === CHUNK_PATH;
	page.on('request', (req) => {
		if (!isChunkCall(req)) return;
		chunkCalls.push(Date.now());
		inFlight.set(req, Date.now());
	});
	page.on('requestfinished', (req) => inFlight.delete(req));
	page.on('requestfailed', (req) => inFlight.delete(req));
	page.on('response', async (res) => {
		if (new URL(res.url()).pathname !== CHUNK_PATH || res.status() !== 200) return;
		const input = res.request().postDataJSON() as { chunkIndex: number } | null;
		if (!input) return;
		// The body is gone when the page navigated away first; the page never saw that answer.
		const body = (await res.json().catch(() => undefined)) as
			{ result?: { data?: { cached?: boolean } } } | undefined;
		const data = body?.result?.data;
		if (!data) return;
		const seen = answers.get(input.chunkIndex) ?? { fresh: 0, cached: 0 };
		if (data.cached) seen.cached += 1;
		else seen.fresh += 1;
		answers.set(input.chunkIndex, seen);
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	return { chunkCalls, inFlight, errors };
}

async function openSignedIn(): Promise<Tab> {
	const context = await browser.newContext();
	// AI mode needs an account: the context signs up before the page opens.
	await signUp(context, stack.url);
	const page = await context.newPage();
	const watched = watch(page);
	await page.goto(stack.url);
	const ai = page.getByRole('radio', { name: /AI \(Gemini\)/ });
	await until('AI mode', () => ai.isEnabled());
	await ai.check();
	await page.getByTestId('word-limit').fill(String(LIMIT));
	await page.getByTestId('word-limit').dispatchEvent('change');
	return { context, page, ...watched };
}

/** Another tab of the same browser context: same cookie, same IndexedDB. */
async function openTab(context: BrowserContext): Promise<Tab> {
	const page = await context.newPage();
	const watched = watch(page);
	await page.goto(stack.url);
	return { context, page, ...watched };
}

/** The page's one job, or undefined before the upload has created it. */
async function jobOf(page: Page) {
	const { jobs } = await readStore(page);
	if (jobs.length > 1) throw new Error(`expected one job, found ${jobs.length}`);
	return jobs[0];
}

/** Waits until the job has finished `n` chunks. */
async function untilProcessed(page: Page, n: number): Promise<void> {
	await until(`${n} chunks`, async () => ((await jobOf(page))?.processedChunks ?? 0) >= n);
}

/** Waits until the job card says the job has ended, and returns its status. */
async function untilEnded(page: Page, timeoutMs = 90_000): Promise<string> {
	const card = page.getByTestId('job').first();
	await until(
		'the end of the job',
		async () => ENDED.includes((await card.getAttribute('data-status')) ?? ''),
		timeoutMs
	);
	return (await card.getAttribute('data-status')) ?? '';
}

function byIndex(results: StoredRow[]): Map<number, string> {
	return new Map(
		results.map((r) => [r.sentenceIndex, JSON.stringify([r.source, r.sentences])] as const)
	);
}

/** Every stored result equals the undisturbed run's; `complete` also needs every sentence. */
async function expectBaselineResults(page: Page, complete = true): Promise<void> {
	const results = byIndex((await readStore(page)).results);
	if (complete) expect(results.size).toBe(baseline.size);
	for (const [index, value] of results)
		expect(value, `sentence ${index}`).toBe(baseline.get(index));
}

/**
 * Which repeated completions a scenario allows. `none`: no item completes twice. `after failed
 * calls`: the relay asks each item of an unusable answer alone, and when one of those solo
 * calls fails (429, 500, timeout) it fails the whole chunk, so the browser's retry asks the
 * siblings that had succeeded again; every repeat must then follow a failed call.
 */
type Repeats = 'none' | 'after failed calls';

/**
 * The mock's per-item counters show no item completed twice (or only as `repeats` allows),
 * and the relay ran each chunk at most once for this job. Records how many items were asked
 * more than once (a call cut off before Gemini answered is asked again) for the report.
 */
function expectNoItemCompletedTwice(scenario: string, repeats: Repeats = 'none'): void {
	const { itemRequests, itemCompletions } = stack.mock.stats();
	const askedAgain = Object.values(itemRequests).filter((n) => n > 1).length;
	const completedAgain = Object.entries(itemCompletions).filter(([, n]) => n > 1);
	const cachedAnswers = [...answers.values()].reduce((n, a) => n + a.cached, 0);
	report[scenario] = {
		...report[scenario],
		askedAgain,
		completedAgain: completedAgain.length,
		cachedAnswers
	};
	expect(Object.keys(itemCompletions).length).toBeGreaterThan(0);
	if (repeats === 'none') expect(completedAgain).toEqual([]);
	else for (const [text, n] of completedAgain) expect(itemRequests[text], text).toBeGreaterThan(n);
	// The relay ran each chunk at most once for this job; a repeat got the stored answer.
	for (const [index, seen] of answers) expect(seen.fresh, `chunk ${index}`).toBeLessThanOrEqual(1);
}

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startJobsStack(RELAY_ENV);
	stack.mock.setLatency(LATENCY);
	const tab = await openSignedIn();
	await tab.page.getByTestId('file-input').setInputFiles(BOOK);
	const status = await untilEnded(tab.page);
	const store = await readStore(tab.page);
	expect(status, store.jobs[0]?.lastError).toBe('completed');
	baseline = byIndex(store.results);
	const middle = store.chunks.find((c) => c.index === Math.floor(store.chunks.length / 2));
	middleIndex = middle?.sentenceIndexes[0] ?? -1;
	middleSentence = store.sentences.find((x) => x.index === middleIndex)?.text ?? '';
	expect(middleSentence.length).toBeGreaterThan(100);
	report.undisturbed = { chunks: store.chunks.length, chunkCalls: tab.chunkCalls.length };
	expect(store.chunks.length).toBeGreaterThanOrEqual(15);
	expect(baseline.size).toBeGreaterThan(900);
	await tab.context.close();
}, 120_000);

beforeEach(() => {
	answers = new Map();
	stack.mock.setFaults({});
	stack.mock.setLatency(LATENCY);
	stack.mock.resetStats();
});

afterAll(async () => {
	console.log(`jobs-survive measurements: ${JSON.stringify(report, null, 1)}`);
	await browser?.close();
	await stack?.close();
});

/** A signed-in tab whose job has started and finished `n` chunks. */
async function midJob(n = 3): Promise<Tab> {
	const tab = await openSignedIn();
	await tab.page.getByTestId('file-input').setInputFiles(BOOK);
	await untilProcessed(tab.page, n);
	return tab;
}

/** The job ends completed, with the undisturbed run's results and no item answered twice. */
async function expectSameAsUndisturbed(
	tab: Tab,
	scenario: string,
	repeats: Repeats = 'none'
): Promise<void> {
	const status = await untilEnded(tab.page);
	expect(status, (await jobOf(tab.page))?.lastError).toBe('completed');
	await expectBaselineResults(tab.page);
	expectNoItemCompletedTwice(scenario, repeats);
	expect(tab.errors).toEqual([]);
}

async function stepText(page: Page): Promise<string> {
	return (await page.getByTestId('job-step').first().textContent()) ?? '';
}

/**
 * Runs `disrupt` while Gemini is still working on every chunk call `tab` has in flight: the
 * mock slows down, and the disruption waits until the calls sent before that have answered.
 * Then the cut calls are aborted up to Gemini before it answers. (An answer that crosses
 * the cut on the wire is lost and asked again; see the closing note of issue 4.)
 */
async function disruptWhileGeminiWorks(tab: Tab, disrupt: () => Promise<void>): Promise<void> {
	stack.mock.setLatency(SLOW);
	// A call whose request event arrives later than this reached the mock after the change.
	const slowFrom = Date.now() + 50;
	await until('chunk calls that Gemini is working on', async () => {
		const sent = [...tab.inFlight.values()];
		return sent.length > 0 && sent.every((t) => t >= slowFrom);
	});
	await disrupt();
	stack.mock.setLatency(LATENCY);
}

describe('a job in AI mode survives', () => {
	it('a reload mid-job: it picks up where it stopped, without asking for an answer twice', async () => {
		const tab = await midJob();
		await disruptWhileGeminiWorks(tab, async () => {
			await tab.page.reload();
		});
		// The new document's own clock: navigation start, load event, first chunk call.
		const timing = () =>
			tab.page.evaluate(() => {
				const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
				const call = performance
					.getEntriesByType('resource')
					.find((e) => e.name.includes('/trpc/chunks.normalize'));
				return call && { loadEnd: nav.loadEventEnd, firstCall: call.startTime };
			});
		// A resource entry appears when its call answers. The resumed call joins the cut call,
		// which Gemini finishes (a reload is not a cancel), so it answers once SLOW has passed.
		await expect.poll(timing, { timeout: 10_000 }).toBeDefined();
		const t = await timing();
		report.reload = {
			navigationToFirstCallMs: Math.round(t?.firstCall ?? NaN),
			loadToFirstCallMs: Math.round((t?.firstCall ?? NaN) - (t?.loadEnd ?? NaN))
		};
		await expectSameAsUndisturbed(tab, 'reload');
		await tab.context.close();
	});

	it('a closed tab: a new tab of the same browser finishes the job', async () => {
		const first = await midJob();
		await disruptWhileGeminiWorks(first, () => first.page.close());
		const second = await openTab(first.context);
		await expectSameAsUndisturbed(second, 'closed tab');
		expect(second.chunkCalls.length).toBeGreaterThan(0);
		await first.context.close();
	});

	it('going offline: it says so, spends no attempt, and resumes by itself when back online', async () => {
		const tab = await midJob();
		await tab.context.setOffline(true);
		await expect.poll(() => stepText(tab.page)).toBe('Offline — will resume');
		await tab.page.waitForTimeout(2_000);
		const offline = await jobOf(tab.page);
		expect(offline?.status).toBe('processing');
		expect(await stepText(tab.page)).toBe('Offline — will resume');
		const callsWhileOffline = tab.chunkCalls.length;
		await tab.context.setOffline(false);
		const onlineAt = Date.now();
		await expect.poll(() => tab.chunkCalls.length > callsWhileOffline).toBe(true);
		report['offline'] = { onlineToFirstCallMs: tab.chunkCalls[callsWhileOffline] - onlineAt };
		await expectSameAsUndisturbed(tab, 'offline');
		// Each chunk counted one attempt: the calls that failed offline were given back.
		const { chunks } = await readStore(tab.page);
		expect(chunks.filter((c) => c.attempts !== 1)).toEqual([]);
		await tab.context.close();
	});

	it.each([
		['restarts: it waits for the relay and finishes', true],
		['process dies mid-call: it waits for the relay and finishes', false]
	])('the relay %s with the same results', async (_what, drain) => {
		const tab = await midJob();
		// Draining lets the calls in flight answer; a dying relay cuts them.
		if (drain) await stack.stopRelay({ drain });
		else await disruptWhileGeminiWorks(tab, () => stack.stopRelay({ drain }));
		await expect.poll(() => stepText(tab.page)).toBe('Offline — will resume');
		await tab.page.waitForTimeout(1_500);
		await stack.startRelay();
		await expectSameAsUndisturbed(tab, drain ? 'relay restart' : 'relay dies');
		const { chunks } = await readStore(tab.page);
		expect(chunks.filter((c) => c.attempts !== 1)).toEqual([]);
		await tab.context.close();
	});

	it('two tabs: one runs the job, the other shows its progress', async () => {
		const a = await midJob(1);
		const b = await openTab(a.context);
		const seenInB = new Set<string>();
		for (;;) {
			seenInB.add(await stepText(b.page));
			const status = await b.page.getByTestId('job').first().getAttribute('data-status');
			if (status && ENDED.includes(status)) break;
			await b.page.waitForTimeout(25);
		}
		await expectSameAsUndisturbed(a, 'two tabs');
		expect(await untilEnded(b.page)).toBe('completed');
		expect(a.chunkCalls.length).toBeGreaterThan(0);
		expect(b.chunkCalls).toEqual([]);
		// B saw the progress move while A ran it.
		const progress = [...seenInB].filter((t) => /^Processing chunk \d+\/\d+/.test(t));
		expect(progress.length).toBeGreaterThanOrEqual(2);
		expect(await stepText(b.page)).toBe('Done');
		await a.context.close();
	});

	it('two tabs: when the running tab closes, the waiting one takes over', async () => {
		const a = await midJob(1);
		const b = await openTab(a.context);
		await untilProcessed(b.page, 4);
		expect(b.chunkCalls).toEqual([]);
		const closedAt = Date.now();
		await disruptWhileGeminiWorks(a, () => a.page.close());
		await expectSameAsUndisturbed(b, 'tab takeover');
		expect(b.chunkCalls.length).toBeGreaterThan(0);
		expect(b.chunkCalls.every((t) => t >= closedAt)).toBe(true);
		await a.context.close();
	});

	it.each([
		['in the tab that runs it', false],
		['in another tab', true]
	])(
		'a cancel %s: in-flight calls stop, nothing more reaches Gemini, and it stays cancelled',
		async (_where, fromOtherTab) => {
			const tab = await midJob();
			const canceller = fromOtherTab ? await openTab(tab.context) : tab;
			await disruptWhileGeminiWorks(tab, () =>
				canceller.page.getByRole('button', { name: 'Cancel' }).click()
			);
			expect(await untilEnded(tab.page)).toBe('cancelled');
			// Let the aborts reach the relay and the mock; after that nothing may move any more.
			await tab.page.waitForTimeout(500);
			const settled = { mock: stack.mock.stats().requests, calls: tab.chunkCalls.length };
			const job = await jobOf(tab.page);
			await tab.page.waitForTimeout(3_000);
			expect(stack.mock.stats().requests).toBe(settled.mock);
			expect(tab.chunkCalls.length).toBe(settled.calls);
			const later = await jobOf(tab.page);
			expect(later).toEqual(job);
			expect(later?.status).toBe('cancelled');
			expect(later?.cancelledAt).toBeGreaterThan(0);
			expect(later?.processedChunks).toBeLessThan(later?.totalChunks ?? 0);
			if (fromOtherTab) expect(canceller.chunkCalls).toEqual([]);
			await expectBaselineResults(tab.page, false);
			expectNoItemCompletedTwice(fromOtherTab ? 'cancel from another tab' : 'cancel');
			expect(tab.errors).toEqual([]);
			await tab.context.close();
		}
	);
});

describe('a job in AI mode under Gemini faults', () => {
	it('completes with the same results when 20% of Gemini calls fail in mixed ways', async () => {
		stack.mock.setFaults({
			rate: 0.2,
			mix: [
				{ kind: 'rate_limit', retryDelay: '0.2s' },
				'server_error',
				'hang',
				'malformed_json',
				'max_tokens',
				'safety'
			]
		});
		const tab = await openSignedIn();
		await tab.page.getByTestId('file-input').setInputFiles(BOOK);
		await expectSameAsUndisturbed(tab, 'faults 20%', 'after failed calls');
		// The faults did happen: items were asked again.
		expect(report['faults 20%'].askedAgain).toBeGreaterThan(0);
		await tab.context.close();
	});

	it('ends completed_with_errors when one chunk always fails, and retrying completes it', async () => {
		// Every Gemini call carrying this sentence fails, so its chunk uses up its attempts.
		stack.mock.setFaults({ items: { [middleSentence]: 'server_error' } });
		const tab = await openSignedIn();
		await tab.page.getByTestId('file-input').setInputFiles(BOOK);
		expect(await untilEnded(tab.page)).toBe('completed_with_errors');
		const { chunks } = await readStore(tab.page);
		const failed = chunks.filter((c) => c.status === 'failed');
		expect(failed.map((c) => c.attempts)).toEqual([DEFAULT_RETRY_POLICY.maxAttempts]);
		expect(failed[0].sentenceIndexes).toContain(middleIndex);
		const failedAt = (await jobOf(tab.page))?.finishedAt;
		stack.mock.setFaults({});
		await tab.page.getByRole('button', { name: 'Retry failed chunks' }).click();
		await until('the retry to end', async () => {
			const job = await jobOf(tab.page);
			return job?.finishedAt !== undefined && job.finishedAt !== failedAt;
		});
		await expectSameAsUndisturbed(tab, 'permanent fault, then retry');
		await tab.context.close();
	});
});
