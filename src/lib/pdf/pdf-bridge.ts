/**
 * The page's only door to the PDF worker (after Squoosh's worker-bridge). It starts the
 * worker on the first call, runs calls one at a time, stops the worker after 10 s idle,
 * terminates it when a call's AbortSignal fires (the call rejects with an AbortError) or
 * when a call outlives its time bound (the call resolves with a 'timeout' failure), and
 * starts a fresh one on the next call. Terminating is the only way to stop pdf.js mid-file.
 */
import * as Comlink from 'comlink';
import type {
	ExtractOptions,
	ExtractResult,
	InspectResult,
	PageRange,
	PdfWorkerApi,
	RenderPageOptions,
	RenderResult,
	SplitResult
} from './pdf-core.ts';
import { packedBuffers } from './line-pack.ts';
import { pdfFailure, type PdfFailure, type PdfStage } from './pdf-result.ts';

/** How long an idle worker lives. */
const IDLE_MS = 10_000;

/** Default time bounds per call; every call can pass its own `timeoutMs`. */
export const PDF_TIMEOUTS_MS = { inspect: 60_000, extract: 120_000, split: 60_000, render: 30_000 };

export interface PdfCallOptions {
	signal?: AbortSignal;
	/** After this long the worker is terminated and the call answers 'timeout'. */
	timeoutMs?: number;
}

let worker: Worker | undefined;
let remote: Comlink.Remote<PdfWorkerApi> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let queue: Promise<unknown> = Promise.resolve();
/** Ends the call in flight, if any, with an AbortError. */
let abortInFlight: (() => void) | undefined;

/**
 * Extra workers that read page ranges of a long book beside the main one; they live and die
 * with it.
 */
let helpers: { worker: Worker; remote: Comlink.Remote<PdfWorkerApi> }[] = [];

function newWorker(): Worker {
	return new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module' });
}

function startWorker(): Comlink.Remote<PdfWorkerApi> {
	worker = newWorker();
	remote = Comlink.wrap<PdfWorkerApi>(worker);
	return remote;
}

/** `n` helper workers, started as needed. */
function helperRemotes(n: number): Comlink.Remote<PdfWorkerApi>[] {
	while (helpers.length < n) {
		const helper = newWorker();
		helpers.push({ worker: helper, remote: Comlink.wrap<PdfWorkerApi>(helper) });
	}
	return helpers.slice(0, n).map((h) => h.remote);
}

/**
 * Starts the workers that will read a file of `size` bytes, so that loading pdf.js overlaps
 * the intake (checking, hashing and storing the file) instead of following it. Workers that
 * no call uses stop after the usual idle time.
 */
export function warmPdfWorkers(size: number): void {
	if (!remote) startWorker();
	helperRemotes(extractParts(size) - 1);
	if (abortInFlight) return;
	clearTimeout(idleTimer);
	idleTimer = setTimeout(stopPdfWorker, IDLE_MS);
}

/** Terminates the workers now (a call in flight rejects with an AbortError). */
export function stopPdfWorker(): void {
	abortInFlight?.();
	clearTimeout(idleTimer);
	worker?.terminate();
	worker = undefined;
	remote = undefined;
	for (const helper of helpers) helper.worker.terminate();
	helpers = [];
}

/** At most this many workers read one book at once. */
const MAX_EXTRACT_WORKERS = 4;
/**
 * Files smaller than this are read by one worker: a short book reads in well under a second,
 * less than a second worker costs to start.
 */
const PARALLEL_MIN_BYTES = 256 * 1024;

/**
 * How many workers read a file of `size` bytes: one per core but one, within the bounds
 * above. The core left over is the page's (progress, storing, assembling the book) and V8's
 * own (compiling, collecting garbage). On a 2-core machine two workers were slower than one:
 * each read its half of Germinal in 1.7 s where one read the whole book in 1.45 s.
 */
export function extractParts(size: number, cores = globalThis.navigator?.hardwareConcurrency ?? 1) {
	if (size < PARALLEL_MIN_BYTES) return 1;
	return Math.max(1, Math.min(MAX_EXTRACT_WORKERS, cores - 1));
}

function abortError(): DOMException {
	return new DOMException('The PDF call was aborted.', 'AbortError');
}

/**
 * Queues `call` behind the previous calls and bounds it by the signal and the time limit.
 * A call aborted while it waits rejects at once, and is skipped when its turn comes.
 */
function run<T>(
	stage: PdfStage,
	options: PdfCallOptions,
	defaultTimeoutMs: number,
	call: (api: Comlink.Remote<PdfWorkerApi>) => Promise<T>
): Promise<T | PdfFailure> {
	const task = queue
		.catch(() => {})
		.then(() => bounded(stage, options, options.timeoutMs ?? defaultTimeoutMs, call));
	queue = task;
	const { signal } = options;
	if (!signal) return task;
	return new Promise((resolve, reject) => {
		const onAbort = () => reject(abortError());
		task.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
	});
}

function bounded<T>(
	stage: PdfStage,
	{ signal }: PdfCallOptions,
	timeoutMs: number,
	call: (api: Comlink.Remote<PdfWorkerApi>) => Promise<T>
): Promise<T | PdfFailure> {
	if (signal?.aborted) return Promise.reject(abortError());
	clearTimeout(idleTimer);
	const api = remote ?? startWorker();
	return new Promise((resolve, reject) => {
		let settled = false;
		const settle = (stopNow: boolean, done: () => void) => {
			if (settled) return;
			settled = true;
			abortInFlight = undefined;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			if (stopNow) stopPdfWorker();
			else idleTimer = setTimeout(stopPdfWorker, IDLE_MS);
			done();
		};
		const onAbort = () => settle(true, () => reject(abortError()));
		const timer = setTimeout(
			() =>
				settle(true, () =>
					resolve(pdfFailure('timeout', stage, +(timeoutMs / 1000).toPrecision(3)))
				),
			timeoutMs
		);
		abortInFlight = onAbort;
		signal?.addEventListener('abort', onAbort, { once: true });
		call(api).then(
			(value) => settle(false, () => resolve(value)),
			(error: unknown) => settle(false, () => reject(error))
		);
	});
}

/** Page count, encryption, text and image pages, title and author of a PDF. */
export function inspectPdf(
	bytes: Uint8Array,
	options: PdfCallOptions & { password?: string } = {}
): Promise<InspectResult> {
	return run<InspectResult>('open', options, PDF_TIMEOUTS_MS.inspect, (api) =>
		api.inspect(bytes, options.password)
	);
}

/** The body text of every page of a PDF; `onProgress` hears about each page. */
export function extractPdf(
	bytes: Uint8Array,
	options: PdfCallOptions & ExtractOptions = {}
): Promise<ExtractResult> {
	const { password, excludePages, allowNoText, onProgress } = options;
	return run<ExtractResult>('extract', options, PDF_TIMEOUTS_MS.extract, async (api) => {
		const parts = extractParts(bytes.byteLength);
		if (parts === 1) {
			return api.extract(
				bytes,
				{ password, excludePages, allowNoText },
				onProgress && Comlink.proxy(onProgress)
			);
		}
		// Each worker reads one range of pages; the main one then builds the book's text from
		// all the lines (running heads and hyphenation are judged over the whole book).
		let done = 0;
		const progress =
			onProgress && Comlink.proxy((_page: number, total: number) => onProgress(++done, total));
		const remotes = [api, ...helperRemotes(parts - 1)];
		const read = await Promise.all(
			remotes.map((r, part) =>
				r.extractLines(bytes, { password, excludePages, part, parts }, progress)
			)
		);
		const failure = read.find((r) => !r.ok);
		if (failure) return failure;
		const lines = read.filter((r) => r.ok);
		const buffers = lines.flatMap((r) => packedBuffers(r.lines));
		return api.assemble(Comlink.transfer(lines, buffers), { excludePages, allowNoText });
	});
}

/** Small PDFs holding the given 1-based inclusive page ranges. */
export function splitPdf(
	bytes: Uint8Array,
	ranges: PageRange[],
	options: PdfCallOptions & { password?: string } = {}
): Promise<SplitResult> {
	return run<SplitResult>('split', options, PDF_TIMEOUTS_MS.split, (api) =>
		api.split(bytes, ranges, { password: options.password })
	);
}

/**
 * One page drawn as an image by pdf.js in the worker, at `options.width` device pixels.
 * Pass the stored Blob rather than its bytes: a Blob reaches the worker without a copy.
 */
export function renderPdfPage(
	source: Blob | Uint8Array,
	page: number,
	options: PdfCallOptions & RenderPageOptions = {}
): Promise<RenderResult> {
	const { password, width, scale, type } = options;
	return run<RenderResult>('render', options, PDF_TIMEOUTS_MS.render, (api) =>
		api.renderPage(source, page, { password, width, scale, type })
	);
}
