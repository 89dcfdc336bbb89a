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

function startWorker(): Comlink.Remote<PdfWorkerApi> {
	worker = new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module' });
	remote = Comlink.wrap<PdfWorkerApi>(worker);
	return remote;
}

/** Terminates the worker now (a call in flight rejects with an AbortError). */
export function stopPdfWorker(): void {
	abortInFlight?.();
	clearTimeout(idleTimer);
	worker?.terminate();
	worker = undefined;
	remote = undefined;
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
	return run<ExtractResult>('extract', options, PDF_TIMEOUTS_MS.extract, (api) =>
		api.extract(
			bytes,
			{ password, excludePages, allowNoText },
			onProgress && Comlink.proxy(onProgress)
		)
	);
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
