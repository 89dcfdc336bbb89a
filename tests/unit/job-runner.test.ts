import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { sleep } from '../../src/lib/jobs/connectivity.ts';
import {
	OFFLINE_STEP,
	runJob,
	type NormalizeRequest,
	type PdfPort,
	type RelayPort,
	type RunnerDeps
} from '../../src/lib/jobs/job-runner.ts';
import { createJob, retryFailedChunks, storeFile } from '../../src/lib/jobs/job-store.ts';
import type { ItemResult } from '../../src/lib/shared/pipeline/types.ts';
import { countWords, words } from '../../src/lib/shared/text/word-count.ts';
import { countSentences, readSentences } from '../../src/lib/db/sentence-store.ts';
import { countResults, readResults } from '../../src/lib/db/result-store.ts';

const PAGES = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres. Il partit.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars marcha enfin vers la frontière avec toute son armée et ses canons. Fin.'
];

let dbCount = 0;
async function setup(settings: { limit: number; mode: 'ai' | 'mechanical' }) {
	const db = new NovelDb(`test-${++dbCount}`);
	const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
	const jobId = await createJob(db, hash, 'book', settings);
	return { db, jobId };
}

function fakePdf(pages = PAGES): PdfPort & { calls: number } {
	const port = {
		calls: 0,
		async extract(_bytes: Uint8Array, opts: { onProgress?: (p: number, t: number) => void }) {
			port.calls += 1;
			pages.forEach((_, k) => opts.onProgress?.(k + 1, pages.length));
			return { ok: true as const, pages, pageCount: pages.length };
		}
	};
	return port;
}

/** A relay that rewrites by cutting word runs, and fails as `failures` says, in order. */
function fakeRelay(failures: unknown[] = []): RelayPort & { calls: NormalizeRequest[] } {
	const port = {
		calls: [] as NormalizeRequest[],
		async normalize(req: NormalizeRequest) {
			port.calls.push(req);
			const failure = failures.shift();
			if (failure) throw failure;
			const items: ItemResult[] = req.items.map((it) => {
				const w = words(it.text);
				const sentences: string[] = [];
				for (let k = 0; k < w.length; k += req.settings.limit) {
					sentences.push(w.slice(k, k + req.settings.limit).join(' ') + '.');
				}
				return { i: it.i, sentences, source: 'model' };
			});
			return { items, usage: { promptTokens: 10, outputTokens: 10, totalTokens: 20 } };
		}
	};
	return port;
}

function deps(db: NovelDb, pdf: PdfPort, relay: RelayPort, delays: number[] = []): RunnerDeps {
	return {
		db,
		pdf,
		relay,
		concurrency: 2,
		budget: { maxItems: 1, maxChars: 10_000 },
		retry: { maxAttempts: 3, baseMs: 100, maxMs: 1000 },
		sleep: async (ms) => {
			delays.push(ms);
		},
		waitForConnection: async () => {}
	};
}

const relayError = (kind: string, httpStatus: number, retryAfterMs?: number) =>
	Object.assign(new Error(kind), { data: { kind, httpStatus, retryAfterMs } });

describe('runJob', () => {
	it('runs a mechanical job to completion with one result per sentence, all within the limit', async () => {
		const { db, jobId } = await setup({ limit: 6, mode: 'mechanical' });
		const relay = fakeRelay();
		await runJob(deps(db, fakePdf(), relay), jobId, new AbortController().signal);
		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('completed');
		expect(job?.progressPercent).toBe(100);
		const sentences = await readSentences(db, jobId);
		const results = await readResults(db, jobId);
		expect(results.map((r) => r.sentenceIndex).sort()).toEqual(
			sentences.map((s) => s.index).sort()
		);
		for (const r of results)
			for (const s of r.sentences) expect(countWords(s)).toBeLessThanOrEqual(6);
		expect(relay.calls).toHaveLength(0);
	});

	it.each(['mechanical', 'ai'] as const)(
		'marks the milestones of a %s job once each, in order, naming the job',
		async (mode) => {
			performance.clearMarks();
			const { db, jobId } = await setup({ limit: 6, mode });
			await runJob(deps(db, fakePdf(), fakeRelay()), jobId, new AbortController().signal);
			expect((await db.jobs.get(jobId))?.totalChunks).toBeGreaterThan(1);
			const marks = performance
				.getEntriesByType('mark')
				.filter((m) => m.name.startsWith('fnt:'))
				.map((m) => [m.name, (m as PerformanceMark).detail]);
			expect(marks).toEqual([
				['fnt:sentences-stored', { jobId }],
				['fnt:first-results', { jobId }],
				['fnt:completed', { jobId }]
			]);
		}
	);

	it('retries a transient relay failure, honouring the server delay, and completes', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const delays: number[] = [];
		const relay = fakeRelay([relayError('rate_limit', 429, 5000), relayError('server', 502)]);
		await runJob(deps(db, fakePdf(), relay, delays), jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
		expect(delays[0]).toBe(5000);
		expect(delays).toHaveLength(2);
		// A retry of the same chunk reuses its idempotency key.
		const keys = relay.calls.map((c) => `${c.chunkIndex}:${c.idempotencyKey}`);
		const byChunk = new Map<number, Set<string>>();
		for (const c of relay.calls)
			byChunk.set(c.chunkIndex, (byChunk.get(c.chunkIndex) ?? new Set()).add(c.idempotencyKey));
		expect(keys.length).toBeGreaterThan(byChunk.size);
		for (const set of byChunk.values()) expect(set.size).toBe(1);
	});

	it('pauses on a daily quota with the message, and finishes when resumed', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const relay = fakeRelay([relayError('daily_quota', 429)]);
		const d = { ...deps(db, fakePdf(), relay), concurrency: 1 };
		await runJob(d, jobId, new AbortController().signal);
		const paused = await db.jobs.get(jobId);
		expect(paused?.status).toBe('paused');
		expect(paused?.lastError).toBe('daily_quota');
		await db.jobs.update(jobId, { status: 'processing' });
		await runJob(d, jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
	});

	it('ends completed_with_errors after the last attempt of a chunk', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const boom = relayError('server', 502);
		const relay = fakeRelay([boom, boom, boom]);
		await runJob(
			{ ...deps(db, fakePdf(), relay), concurrency: 1 },
			jobId,
			new AbortController().signal
		);
		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('completed_with_errors');
		expect(job?.failedChunks).toBe(1);
		const failed = await db.chunks.where({ jobId, status: 'failed' }).toArray();
		expect(failed).toHaveLength(1);
		expect(failed[0].attempts).toBe(3);
	});

	it('resumes a job whose tab closed mid-run without extracting again', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const controller = new AbortController();
		const slow: RelayPort = {
			normalize: (_req, signal) =>
				new Promise((_, reject) =>
					signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
				)
		};
		const pdf = fakePdf();
		const run = runJob(deps(db, pdf, slow), jobId, controller.signal);
		await new Promise((r) => setTimeout(r, 50));
		controller.abort();
		await run;
		// What a closed tab leaves behind: chunks marked running.
		await db.chunks.where('jobId').equals(jobId).modify({ status: 'running' });
		const relay = fakeRelay();
		await runJob(deps(db, pdf, relay), jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
		expect(pdf.calls).toBe(1);
		const results = await countResults(db, jobId);
		expect(results).toBe(await countSentences(db, jobId));
	});

	it('keeps a cancelled job cancelled when an answer arrives later', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const inner = fakeRelay();
		const late: RelayPort = {
			async normalize(req, signal) {
				await gate;
				return inner.normalize(req, signal);
			}
		};
		const run = runJob(deps(db, fakePdf(), late), jobId, new AbortController().signal);
		await new Promise((r) => setTimeout(r, 50));
		await db.jobs.update(jobId, { status: 'cancelled', cancelledAt: Date.now() });
		release();
		await run;
		expect((await db.jobs.get(jobId))?.status).toBe('cancelled');
		const modelResults = (await readResults(db, jobId)).filter((r) => r.source === 'model').length;
		expect(modelResults).toBe(0);
	});

	it('fails the job with the reader-facing message when the PDF cannot be read', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'mechanical' });
		const pdf: PdfPort = {
			extract: async () => ({
				ok: false,
				code: 'damaged',
				message: 'This PDF is damaged.'
			})
		};
		await runJob(deps(db, pdf, fakeRelay()), jobId, new AbortController().signal);
		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('failed');
		expect(job?.lastError).toBe('This PDF is damaged.');
	});

	it('pauses for the password of an encrypted PDF, then opens it with the password typed', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'mechanical' });
		const passwords: (string | undefined)[] = [];
		const pdf: PdfPort = {
			async extract(_bytes, opts) {
				passwords.push(opts.password);
				if (opts.password !== 'secret') {
					return {
						ok: false,
						code: 'password_required',
						message: 'This file is password-protected.'
					};
				}
				return { ok: true, pages: PAGES, pageCount: PAGES.length };
			}
		};
		await runJob(deps(db, pdf, fakeRelay()), jobId, new AbortController().signal);
		const paused = await db.jobs.get(jobId);
		expect(paused).toMatchObject({ status: 'paused', needsPassword: true });
		await db.jobs.update(jobId, { status: 'queued', needsPassword: false });
		const withPassword = { ...deps(db, pdf, fakeRelay()), passwordFor: () => 'secret' };
		await runJob(withPassword, jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
		expect(passwords).toEqual([undefined, 'secret']);
	});

	it('completes a job with failed chunks once they are retried', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const boom = relayError('server', 502);
		const d = { ...deps(db, fakePdf(), fakeRelay([boom, boom, boom])), concurrency: 1 };
		await runJob(d, jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed_with_errors');
		expect(await retryFailedChunks(db, jobId)).toBe(true);
		expect((await db.jobs.get(jobId))?.failedChunks).toBe(0);
		await runJob(d, jobId, new AbortController().signal);
		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('completed');
		expect(job?.processedChunks).toBe(job?.totalChunks);
		expect(await retryFailedChunks(db, jobId)).toBe(false);
	});
});

/** A relay that records the job's step at each call, in front of `inner`. */
function stepRecorder(db: NovelDb, jobId: string, inner: RelayPort) {
	const steps: string[] = [];
	const port: RelayPort = {
		async normalize(req, signal) {
			steps.push((await db.jobs.get(jobId))?.currentStep ?? '');
			return inner.normalize(req, signal);
		}
	};
	return { port, steps };
}

describe('runJob, when the relay cannot be reached or asks to slow down', () => {
	afterEach(() => vi.useRealTimers());

	it('spends no attempt offline, says so, and shows the progress again once back', async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const offline = new TypeError('Failed to fetch');
		const { port, steps } = stepRecorder(db, jobId, fakeRelay([offline, offline, offline]));
		const stepsWhileWaiting: string[] = [];
		const d: RunnerDeps = {
			...deps(db, fakePdf(), port),
			concurrency: 1,
			async waitForConnection() {
				stepsWhileWaiting.push((await db.jobs.get(jobId))?.currentStep ?? '');
			}
		};
		await runJob(d, jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
		expect(stepsWhileWaiting).toEqual([OFFLINE_STEP, OFFLINE_STEP, OFFLINE_STEP]);
		// The call after each wait goes out with the progress shown, not "Offline".
		for (const step of steps.slice(1)) expect(step).toMatch(/^Processing chunk \d+\/\d+/);
		const chunks = await db.chunks.where('jobId').equals(jobId).toArray();
		// Three offline failures, and still one attempt each (the limit is three).
		expect(chunks.map((c) => c.attempts)).toEqual(chunks.map(() => 1));
	});

	it("waits the relay's delay when it paces the user, without using up the attempts", async () => {
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const paced = relayError('relay_limit', 429, 2_000);
		const delays: number[] = [];
		const relay = fakeRelay([paced, paced, paced, paced]);
		const d = { ...deps(db, fakePdf(), relay, delays), concurrency: 1 };
		await runJob(d, jobId, new AbortController().signal);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
		expect(delays).toHaveLength(4);
		for (const ms of delays) expect(ms).toBeGreaterThanOrEqual(2_000);
		const chunks = await db.chunks.where('jobId').equals(jobId).toArray();
		expect(chunks.map((c) => c.attempts)).toEqual(chunks.map(() => 1));
	});

	it('sends a rate-limited chunk again only once the retry delay has passed (fake clock)', async () => {
		// Only the timers the backoff uses: fake-indexeddb schedules with setImmediate.
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const relay = fakeRelay([relayError('rate_limit', 429, 5_000)]);
		const d: RunnerDeps = {
			...deps(db, fakePdf(), relay),
			concurrency: 1,
			budget: { maxItems: 10, maxChars: 10_000 },
			sleep
		};
		const run = runJob(d, jobId, new AbortController().signal);
		await vi.waitFor(() => expect(relay.calls).toHaveLength(1));
		await vi.advanceTimersByTimeAsync(4_999);
		expect(relay.calls).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		await run;
		expect(relay.calls).toHaveLength(2);
		expect(relay.calls[1].idempotencyKey).toBe(relay.calls[0].idempotencyKey);
		expect((await db.jobs.get(jobId))?.status).toBe('completed');
	});

	it('stops waiting out a backoff at once when the job is cancelled', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
		const relay = fakeRelay([relayError('server', 502)]);
		const controller = new AbortController();
		const d: RunnerDeps = {
			...deps(db, fakePdf(), relay),
			concurrency: 1,
			budget: { maxItems: 10, maxChars: 10_000 },
			retry: { maxAttempts: 3, baseMs: 60_000, maxMs: 60_000 },
			sleep
		};
		const run = runJob(d, jobId, controller.signal);
		await vi.waitFor(() => expect(relay.calls).toHaveLength(1));
		controller.abort();
		await run;
		expect(vi.getTimerCount()).toBe(0);
		expect(relay.calls).toHaveLength(1);
		const chunks = await db.chunks.where('jobId').equals(jobId).toArray();
		expect(chunks.map((c) => c.status)).toEqual(['pending']);
	});

	describe('credits', () => {
		function fakeCredits(failReserve?: unknown) {
			const log: string[] = [];
			return {
				log,
				async reserve(jobId: string, items: { i: number; text: string }[]) {
					log.push(`reserve ${items.length}`);
					if (failReserve) throw failReserve;
					return { estimate: 1.5, reserved: 1.5, settled: 0 };
				},
				async release() {
					log.push('release');
					return { settled: 0.8 };
				}
			};
		}

		it('reserves before the first chunk and releases at the end, recording the cost', async () => {
			const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
			const credits = fakeCredits();
			const relay = fakeRelay();
			const normalize = relay.normalize;
			relay.normalize = async (req, signal) => {
				credits.log.push('chunk');
				return normalize(req, signal);
			};
			await runJob({ ...deps(db, fakePdf(), relay), credits }, jobId, new AbortController().signal);
			const job = await db.jobs.get(jobId);
			expect(job?.status).toBe('completed');
			expect(credits.log[0]).toBe('reserve 3');
			expect(credits.log.at(-1)).toBe('release');
			expect(credits.log.filter((l) => l === 'chunk')).toHaveLength(3);
			expect(job).toMatchObject({ creditsEstimate: 1.5, creditsCharged: 0.8 });
		});

		it('pauses with the relay message when the reader is out of credits, sending no chunk', async () => {
			const { db, jobId } = await setup({ limit: 8, mode: 'ai' });
			const short = Object.assign(new Error('This book needs about 5 credits; you have 1.'), {
				data: { httpStatus: 402, kind: 'insufficient_credits' }
			});
			const relay = fakeRelay();
			await runJob(
				{ ...deps(db, fakePdf(), relay), credits: fakeCredits(short) },
				jobId,
				new AbortController().signal
			);
			const job = await db.jobs.get(jobId);
			expect(job).toMatchObject({ status: 'paused', lastError: short.message });
			expect(relay.calls).toHaveLength(0);
		});
	});
});
