/**
 * AI mode's image-only pages: cut into small PDFs of up to five consecutive pages, each read
 * by Gemini through the relay (`pages.read`), the text then joining the pipeline like
 * extracted text. A page that cannot be read stays in `unreadablePages`; it never fails the job.
 */
import { consecutiveRanges, pagePlaceholders } from '../shared/pipeline/scanned-pages.ts';
import { classifyChunkError } from './chunk-errors.ts';
import type { RunnerDeps } from './job-runner.ts';
import { updateProgress } from './job-store.ts';
import { retryDelayMs } from './retry-policy.ts';

/** One page-read call: a small PDF of the pages pageFrom..pageTo of the job's file. */
export interface ReadPagesRequest {
	clientJobId: string;
	pageFrom: number;
	pageTo: number;
	pdf: Uint8Array;
	tier?: string;
}

/**
 * Has the unreadable pages of `selection` read, in place: a range's whole text goes on its
 * first page (a range's sentences then carry that page number; splitting it evenly would
 * cut sentences at made-up page breaks), and its pages leave `unreadable`. First reserves
 * credits for them, one page-sized placeholder per page; a refused reservation (no credits,
 * signed out, offline) leaves them unread. Returns false only when `signal` aborted.
 */
export async function readUnreadablePages(
	deps: RunnerDeps,
	job: { id: string; settings: { limit: number; tier?: string } },
	bytes: Uint8Array,
	selection: { pages: string[]; unreadable: number[] },
	signal: AbortSignal
): Promise<boolean> {
	const { credits, relay, pdf } = deps;
	if (!credits || !relay.readPages || !pdf.split || selection.unreadable.length === 0) return true;
	const { limit, tier } = job.settings;
	const ranges = consecutiveRanges(selection.unreadable);
	const step = (done: number) =>
		updateProgress(deps.db, job.id, {
			currentStep: `Reading page images ${done}/${ranges.length}`
		});
	await step(0);
	try {
		await credits.reserve(job.id, pagePlaceholders(selection.unreadable), { limit, tier }, signal);
	} catch {
		return !signal.aborted;
	}
	const split = await pdf.split(bytes, ranges, { signal, password: deps.passwordFor?.(job.id) });
	if (signal.aborted) return false;
	if (!split.ok) return true;
	const read = new Set<number>();
	for (const [k, [pageFrom, pageTo]] of ranges.entries()) {
		const req = { clientJobId: job.id, pageFrom, pageTo, pdf: split.parts[k], tier };
		const text = await readRange(deps, req, signal);
		if (signal.aborted) return false;
		if (text) {
			selection.pages[pageFrom - 1] = text;
			for (let p = pageFrom; p <= pageTo; p++) read.add(p);
		}
		await step(k + 1);
	}
	selection.unreadable = selection.unreadable.filter((p) => !read.has(p));
	return true;
}

/** One range, retried like a chunk; undefined when it could not be read. */
async function readRange(
	deps: RunnerDeps,
	req: ReadPagesRequest,
	signal: AbortSignal
): Promise<string | undefined> {
	for (let attempt = 1; !signal.aborted;) {
		const release = await deps.slots?.acquire(signal).catch(() => undefined);
		if (signal.aborted) {
			release?.();
			return undefined;
		}
		try {
			const { text } = await deps.relay.readPages!(req, signal);
			release?.();
			return text.trim() || undefined;
		} catch (err) {
			release?.();
			const c = classifyChunkError(err);
			if (c.action === 'aborted') return undefined;
			if (c.action === 'wait_online') {
				await deps.waitForConnection(signal);
				continue;
			}
			if (c.action === 'slow_down') {
				await deps.sleep(retryDelayMs(1, deps.retry, c.retryAfterMs), signal);
				continue;
			}
			// Refused (blocked, no credits, daily quota…) or out of attempts: the pages stay unread.
			if (c.action !== 'retry' || attempt >= deps.retry.maxAttempts) return undefined;
			await deps.sleep(retryDelayMs(attempt, deps.retry, c.retryAfterMs), signal);
			attempt += 1;
		}
	}
	return undefined;
}
