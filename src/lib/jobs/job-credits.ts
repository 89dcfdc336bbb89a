import type { NovelDb } from '../db/db.ts';
import { sentencesAt } from '../db/sentence-store.ts';
import { chunkItems } from '../shared/pipeline/chunk-planner.ts';
import { classifyChunkError } from './chunk-errors.ts';
import { chunksToRun, transitionJob, updateProgress } from './job-store.ts';

/** What the runner needs from the relay's credits (src/lib/account/credits-port.ts). */
export interface CreditsPortLike {
	reserve(
		jobId: string,
		items: { i: number; text: string }[],
		settings: { limit: number; tier?: string },
		signal?: AbortSignal
	): Promise<{ estimate: number; reserved: number; settled: number }>;
	release(jobId: string): Promise<{ settled: number }>;
}

/**
 * Reserves the relay's estimate for the chunks still to run, before the first one is sent
 * (and again on every resume, which only tops up). Returns false when the job paused or was
 * stopped instead: out of credits, signed out, too many job starts, or cancelled.
 */
export async function reserveCredits(
	db: NovelDb,
	credits: CreditsPortLike,
	jobId: string,
	settings: { limit: number; tier?: string },
	signal: AbortSignal,
	waitForConnection: (signal: AbortSignal) => Promise<void>
): Promise<boolean> {
	const open = await chunksToRun(db, jobId);
	// Only the sentences still to send: a resume must not wait behind the page's own read of
	// the whole book, which it starts at the same moment to show the results.
	const byIndex = await sentencesAt(
		db,
		jobId,
		open.flatMap((c) => c.sentenceIndexes)
	);
	const items = open.flatMap((c) => chunkItems(c, byIndex));
	if (items.length === 0) return true;
	while (!signal.aborted) {
		try {
			const r = await credits.reserve(jobId, items, settings, signal);
			await updateProgress(db, jobId, { creditsEstimate: r.reserved });
			return true;
		} catch (err) {
			const c = classifyChunkError(err);
			if (c.action === 'aborted' || signal.aborted) return false;
			if (c.action === 'wait_online') {
				await updateProgress(db, jobId, { currentStep: 'Offline — will resume' });
				await waitForConnection(signal);
				continue;
			}
			// Out of credits, signed out, or the hourly job-start limit: the reader must act or wait.
			await transitionJob(db, jobId, 'paused', {
				lastError: c.message,
				lastErrorKind: c.kind,
				currentStep: 'Paused'
			});
			return false;
		}
	}
	return false;
}

/** Gives back what a finished or cancelled job still holds, and records what it cost. */
export async function releaseCredits(
	db: NovelDb,
	credits: CreditsPortLike,
	jobId: string
): Promise<void> {
	try {
		const r = await credits.release(jobId);
		await db.jobs.update(jobId, { creditsCharged: r.settled });
	} catch {
		// A job that never reserved has nothing to release; a lost release expires in 24 h.
	}
}
