import type { Job, NovelDb, StoredChunk } from '../db/db.ts';
import { chunkItems, needsRewrite, planChunks } from '../shared/pipeline/chunk-planner.ts';
import { idempotencyKey } from '../shared/pipeline/idempotency-key.ts';
import { rewriteMechanically } from '../shared/pipeline/mechanical-chunk.ts';
import { formatPageRanges } from '../shared/pipeline/page-ranges.ts';
import { selectBodyPages } from '../shared/pipeline/page-selection.ts';
import type { ChunkItem, ItemResult, Sentence, Usage } from '../shared/pipeline/types.ts';
import { segmentPages } from '../shared/text/segment.ts';
import { pdfErrorKind } from '../i18n/error-kind.ts';
import { sentencesAt } from '../db/sentence-store.ts';
import { classifyChunkError } from './chunk-errors.ts';
import {
	chunksToRun,
	completeChunk,
	completeChunks,
	failChunk,
	markChunkPending,
	markChunkRunning,
	showChunkProgress,
	storePlan,
	transitionJob,
	updateProgress
} from './job-store.ts';
import { markJob } from './job-marks.ts';
import { isTerminal } from './job-states.ts';
import { releaseCredits, reserveCredits, type CreditsPortLike } from './job-credits.ts';
import { readUnreadablePages, type ReadPagesRequest } from './page-reading.ts';
import { rerunSource, RERUN_STEP } from './rerun-source.ts';
import { retryDelayMs, type RetryPolicy } from './retry-policy.ts';

/** What the job card says while the relay cannot be reached. */
export const OFFLINE_STEP = 'Offline — will resume';

const PASSWORD_CODES = new Set(['password_required', 'wrong_password']);

/** A PDF failure the reader must see, as the worker reports it. */
export interface PdfFailureLike {
	ok: false;
	code: string;
	message: string;
}

/** What the runner needs from the PDF worker bridge. */
export interface PdfPort {
	/** Starts the workers for a file of `size` bytes ahead of its extraction. */
	warm?(size: number): void;
	extract(
		bytes: Uint8Array,
		opts: {
			signal?: AbortSignal;
			password?: string;
			excludePages?: number[];
			/** Answer a scan with its empty pages instead of failing (AI mode reads them). */
			allowNoText?: boolean;
			onProgress?: (page: number, total: number) => void;
		}
	): Promise<
		| {
				ok: true;
				pages: string[];
				pageCount: number;
				emptyPages?: number[];
				title?: string;
				author?: string;
		  }
		| PdfFailureLike
	>;
	/** Cuts 1-based inclusive page ranges out into small PDFs (for AI mode's scanned pages). */
	split?(
		bytes: Uint8Array,
		ranges: [number, number][],
		opts: { signal?: AbortSignal; password?: string }
	): Promise<{ ok: true; parts: Uint8Array[] } | PdfFailureLike>;
}

/** What one chunk call sends to the relay. */
export interface NormalizeRequest {
	clientJobId: string;
	chunkIndex: number;
	idempotencyKey: string;
	items: ChunkItem[];
	settings: { limit: number; tier?: string };
}

/** What the runner needs from the relay client. */
export interface RelayPort {
	normalize(
		req: NormalizeRequest,
		signal: AbortSignal
	): Promise<{ items: ItemResult[]; usage: Usage }>;
	/** The text of scanned pages, read by Gemini (`pages.read`). */
	readPages?(req: ReadPagesRequest, signal: AbortSignal): Promise<{ text: string }>;
	/**
	 * Stops the job's calls at Gemini (`chunks.cancel`). Aborting a request is not enough: the
	 * relay lets a call whose browser went away finish, so that a reload's retry gets it free.
	 */
	cancel?(clientJobId: string): Promise<void>;
}

/** Slots for relay calls, shared by every job of a tab. */
export interface CallSlots {
	/** Waits for a slot; the returned function gives it back. */
	acquire(signal?: AbortSignal): Promise<() => void>;
}

/** Everything with a side effect, injected so the runner can be tested in Node. */
export interface RunnerDeps {
	db: NovelDb;
	pdf: PdfPort;
	relay: RelayPort;
	concurrency: number;
	/** Slots shared by every job in this tab, so two books do not double the load on the relay. */
	slots?: CallSlots;
	budget: { maxItems: number; maxChars: number; firstItems?: number };
	retry: RetryPolicy;
	sleep(ms: number, signal: AbortSignal): Promise<void>;
	/** The password the reader typed for this job's PDF, if any. */
	passwordFor?(jobId: string): string | undefined;
	/** Resolves when the relay is worth trying again (back online, or after a pause). */
	waitForConnection(signal: AbortSignal): Promise<void>;
	/** The relay's credits, for AI jobs: reserve before the chunks, release at the end. */
	credits?: CreditsPortLike;
}

/** Runs one job from wherever it stopped until it ends, pauses or `signal` aborts. */
export async function runJob(deps: RunnerDeps, jobId: string, signal: AbortSignal): Promise<void> {
	const job = await deps.db.jobs.get(jobId);
	if (!job || isTerminal(job.status) || job.status === 'paused') return;
	const startedAt = job.startedAt ?? Date.now();
	// storePlan writes the sentences, the chunks and `processing` in one transaction, so the
	// status alone says the plan is stored. (Counting the sentences instead waited behind the
	// page's own reads of them and delayed a resume by a third of a second.)
	const hasPlan = job.status === 'processing';
	if (!hasPlan && !(await extractAndPlan(deps, jobId, startedAt, signal))) return;
	const { credits } = deps;
	const ai = job.settings.mode === 'ai' && credits;
	if (ai) {
		const { limit, tier } = job.settings;
		const ok = await reserveCredits(
			deps.db,
			credits,
			jobId,
			{ limit, tier },
			signal,
			deps.waitForConnection
		);
		if (!ok) return;
	}
	await runChunks(deps, job, signal);
	if (signal.aborted) return;
	await finish(deps.db, jobId, startedAt);
	const ended = await deps.db.jobs.get(jobId);
	if (ai && ended && isTerminal(ended.status)) await releaseCredits(deps.db, credits, jobId);
}

async function extractAndPlan(
	deps: RunnerDeps,
	jobId: string,
	startedAt: number,
	signal: AbortSignal
): Promise<boolean> {
	const { db } = deps;
	const queued = await db.jobs.get(jobId);
	// A run again plans from the sentences of the job it was made from: no second extraction.
	const reused = queued && (await rerunSource(db, queued));
	const moved = await transitionJob(db, jobId, 'extracting', {
		startedAt,
		currentStep: reused ? RERUN_STEP : 'Opening the PDF',
		progressPercent: 0
	});
	if (!moved) return false;
	if (reused) {
		await updateProgress(db, jobId, reused.patch);
		return planAndStore(deps, jobId, queued.settings.limit, reused.sentences);
	}
	const job = await db.jobs.get(jobId);
	const file = job && (await db.files.get(job.fileHash));
	if (!job || !file) {
		await transitionJob(db, jobId, 'failed', {
			lastError: 'The PDF of this job is no longer stored in the browser.',
			lastErrorKind: { code: 'pdf_missing' },
			finishedAt: Date.now()
		});
		return false;
	}
	const bytes = new Uint8Array(await file.blob.arrayBuffer());
	let lastWrite = 0;
	// AI mode reads image-only pages with Gemini, so a scan is not a failure there.
	const ai = job.settings.mode === 'ai' && !!deps.credits && !!deps.relay.readPages;
	const extracted = await deps.pdf.extract(bytes, {
		signal,
		password: deps.passwordFor?.(jobId),
		excludePages: job.settings.excludePages,
		allowNoText: ai,
		onProgress(page, total) {
			// Progress writes are throttled: a 600-page book must not mean 600 transactions.
			const now = Date.now();
			if (now - lastWrite < 200 && page < total) return;
			lastWrite = now;
			void updateProgress(db, jobId, {
				currentStep: `Extracting page ${page}/${total}`,
				progressPercent: Math.round((page / total) * 100),
				pageCount: total
			});
		}
	});
	if (signal.aborted) return false;
	if (!extracted.ok && PASSWORD_CODES.has(extracted.code)) {
		// Not a failure: the reader can type the password and the job goes on.
		await transitionJob(db, jobId, 'paused', {
			lastError: extracted.message,
			lastErrorKind: pdfErrorKind(extracted.code),
			needsPassword: true,
			currentStep: 'Waiting for the password'
		});
		return false;
	}
	if (!extracted.ok) {
		await transitionJob(db, jobId, 'failed', {
			lastError: extracted.message,
			lastErrorKind: pdfErrorKind(extracted.code),
			currentStep: 'Could not read the PDF',
			finishedAt: Date.now()
		});
		return false;
	}
	const body = selectBodyPages(extracted, job.settings.excludePages);
	if (ai && !(await readUnreadablePages(deps, job, bytes, body, signal))) return false;
	// Garbled pages that AI mode read from their images are no longer unreadable.
	const garbled = body.garbled.filter((page) => body.unreadable.includes(page));
	await updateProgress(db, jobId, {
		pageCount: extracted.pageCount,
		skippedPages: body.skipped,
		unreadablePages: body.unreadable,
		garbledPages: garbled,
		...bookMetadata(extracted)
	});
	const sentences = segmentPages(body.pages);
	if (sentences.length === 0) {
		await transitionJob(db, jobId, 'failed', noSentencesFailure(garbled));
		return false;
	}
	return planAndStore(deps, jobId, job.settings.limit, sentences);
}

/** Title and author from the PDF's metadata, when the worker found non-empty ones. */
/**
 * Why a PDF gave no sentences: its text decodes to garbage (worded with those pages, so the
 * reader knows AI mode or OCR will help), or it has none.
 */
function noSentencesFailure(garbled: number[]): Partial<Job> {
	const base = { finishedAt: Date.now() };
	if (garbled.length === 0) {
		return {
			...base,
			lastError: 'No sentences were found in this PDF.',
			lastErrorKind: { code: 'no_sentences' }
		};
	}
	const pages = formatPageRanges(garbled);
	return {
		...base,
		lastError: `The text of this PDF cannot be decoded (pages ${pages}): choose AI mode or run OCR.`,
		lastErrorKind: { code: 'garbled_text', params: { pages, count: garbled.length } }
	};
}

function bookMetadata(extracted: { title?: unknown; author?: unknown }) {
	const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
	const title = text(extracted.title);
	const author = text(extracted.author);
	return { ...(title && { title }), ...(author && { author }) };
}

/** Plans the chunks for `limit` and stores them with the sentences, in one transaction. */
async function planAndStore(
	deps: RunnerDeps,
	jobId: string,
	limit: number,
	sentences: Sentence[]
): Promise<boolean> {
	const plans = planChunks(sentences, { limit, ...deps.budget });
	const unchanged: ItemResult[] = sentences
		.filter((s) => !needsRewrite(s, limit))
		.map((s) => ({ i: s.index, sentences: [s.text], source: 'unchanged' }));
	const stored = await storePlan(deps.db, jobId, sentences, plans, unchanged);
	if (stored) markJob('sentences-stored', jobId);
	return stored;
}

async function runChunks(deps: RunnerDeps, job: Job, signal: AbortSignal): Promise<void> {
	const queue = await chunksToRun(deps.db, job.id);
	// This run's first stored results are a milestone (job-marks.ts); later ones are not.
	let first = true;
	const resultsStored = () => {
		if (first) markJob('first-results', job.id);
		first = false;
	};
	if (job.settings.mode === 'mechanical') {
		await runMechanically(deps.db, job, queue, signal, resultsStored);
		return;
	}
	// A pause (quota, no key) stops the other chunks of this job, but not the user's cancel.
	const pause = new AbortController();
	const both = AbortSignal.any([signal, pause.signal]);
	const worker = async () => {
		for (let chunk = queue.shift(); chunk && !both.aborted; chunk = queue.shift()) {
			if (await runChunk(deps, job.id, job.settings, chunk, both, pause)) resultsStored();
		}
	};
	const n = Math.max(1, deps.concurrency);
	await Promise.all(Array.from({ length: n }, worker));
}

/** How many mechanical chunks are split and stored per transaction. */
const MECHANICAL_BATCH = 40;

/**
 * Mechanical chunks need no relay: they are split in batches, each batch's sentences read
 * in one request and its results written in one transaction.
 */
async function runMechanically(
	db: NovelDb,
	job: Job,
	queue: StoredChunk[],
	signal: AbortSignal,
	resultsStored: () => void
): Promise<void> {
	for (let k = 0; k < queue.length && !signal.aborted; k += MECHANICAL_BATCH) {
		const batch = queue.slice(k, k + MECHANICAL_BATCH);
		const byIndex = await sentencesAt(
			db,
			job.id,
			batch.flatMap((c) => c.sentenceIndexes)
		);
		const done = batch.map((chunk) => ({
			index: chunk.index,
			items: rewriteMechanically(chunkItems(chunk, byIndex), job.settings.limit)
		}));
		if (!(await completeChunks(db, job.id, done))) return;
		resultsStored();
	}
}

/**
 * A chunk's items, read on their own: a resume should not wait for the whole book's
 * sentences, which the page is reading at the same moment to show them.
 */
async function itemsOf(db: NovelDb, jobId: string, chunk: StoredChunk): Promise<ChunkItem[]> {
	return chunkItems(chunk, await sentencesAt(db, jobId, chunk.sentenceIndexes));
}

async function runChunk(
	deps: RunnerDeps,
	jobId: string,
	settings: { limit: number; mode: 'ai' | 'mechanical'; tier?: string },
	chunk: StoredChunk,
	signal: AbortSignal,
	pause: AbortController
): Promise<boolean> {
	const { db } = deps;
	const items = await itemsOf(db, jobId, chunk);
	if (settings.mode === 'mechanical') {
		return completeChunk(db, jobId, chunk.index, rewriteMechanically(items, settings.limit));
	}
	const key = await idempotencyKey(jobId, chunk.index, items, settings);
	let attempts = chunk.attempts;
	while (!signal.aborted) {
		const release = await deps.slots?.acquire(signal).catch(() => undefined);
		if (signal.aborted) {
			release?.();
			return false;
		}
		attempts += 1;
		await markChunkRunning(db, jobId, chunk.index, key);
		try {
			const res = await deps.relay.normalize(
				{
					clientJobId: jobId,
					chunkIndex: chunk.index,
					idempotencyKey: key,
					items,
					settings: { limit: settings.limit, tier: settings.tier }
				},
				signal
			);
			release?.();
			return completeChunk(db, jobId, chunk.index, res.items, res.usage);
		} catch (err) {
			release?.();
			const c = classifyChunkError(err);
			if (c.action === 'aborted' || signal.aborted) {
				await markChunkPending(db, jobId, chunk.index, undefined, true);
				return false;
			}
			if (c.action === 'wait_online') {
				attempts -= 1;
				await markChunkPending(db, jobId, chunk.index, c.message, true);
				await updateProgress(db, jobId, { currentStep: OFFLINE_STEP });
				await deps.waitForConnection(signal);
				await showChunkProgress(db, jobId);
				continue;
			}
			if (c.action === 'slow_down') {
				attempts -= 1;
				await markChunkPending(db, jobId, chunk.index, c.message, true);
				await deps.sleep(retryDelayMs(1, deps.retry, c.retryAfterMs), signal);
				continue;
			}
			if (c.action === 'pause') {
				await markChunkPending(db, jobId, chunk.index, c.message, true);
				await transitionJob(db, jobId, 'paused', {
					lastError: c.message,
					lastErrorKind: c.kind,
					currentStep: 'Paused'
				});
				pause.abort();
				return false;
			}
			if (c.action === 'fail' || attempts >= deps.retry.maxAttempts) {
				await failChunk(db, jobId, chunk.index, c.message);
				return false;
			}
			await markChunkPending(db, jobId, chunk.index, c.message);
			await deps.sleep(retryDelayMs(attempts, deps.retry, c.retryAfterMs), signal);
		}
	}
	return false;
}

async function finish(db: NovelDb, jobId: string, startedAt: number): Promise<void> {
	const job = await db.jobs.get(jobId);
	if (!job || job.status !== 'processing') return;
	const open = await chunksToRun(db, jobId);
	if (open.length > 0) return;
	const finishedAt = Date.now();
	const ended = await transitionJob(
		db,
		jobId,
		job.failedChunks > 0 ? 'completed_with_errors' : 'completed',
		{
			finishedAt,
			processingSeconds: Math.round((finishedAt - startedAt) / 100) / 10,
			progressPercent: 100,
			currentStep:
				job.failedChunks > 0
					? `Done with ${job.failedChunks} failed chunk${job.failedChunks > 1 ? 's' : ''}`
					: 'Done'
		}
	);
	if (ended) markJob('completed', jobId);
}
