/**
 * What a job card shows of a job's progress, as data the card words in the reader's language.
 * The runner stores `currentStep` as English text for logs and older tabs; the card reads the
 * job's fields instead, and only looks at that text for what no field says (offline, a page).
 */
import type { Job } from '../db/db.ts';
import { MATTER_LABELS, type MatterReason } from '../shared/pipeline/front-matter.ts';
import { formatPageRanges } from '../shared/pipeline/page-ranges.ts';
import { SKIPPED_BY_READER } from '../shared/pipeline/page-selection.ts';

/** The step a job is at. */
export type JobStep =
	| { kind: 'queued' }
	| { kind: 'opening' }
	| { kind: 'reusing' }
	| { kind: 'extracting'; page: number; total: number }
	| { kind: 'reading_images'; done: number; total: number }
	| { kind: 'processing'; done: number; total: number; fraction: number }
	| { kind: 'offline' }
	| { kind: 'waiting_password' }
	| { kind: 'paused' }
	| { kind: 'done' }
	| { kind: 'done_with_errors'; failed: number }
	| { kind: 'unreadable' }
	| { kind: 'failed' }
	| { kind: 'cancelled' };

type StepFields = Pick<
	Job,
	| 'status'
	| 'currentStep'
	| 'processedChunks'
	| 'failedChunks'
	| 'totalChunks'
	| 'progressPercent'
	| 'needsPassword'
>;

// The runner's texts (job-runner.ts, job-credits.ts, page-reading.ts, rerun-source.ts).
const OFFLINE = /^Offline\b/u;
const EXTRACTING = /^Extracting page (\d+)\/(\d+)$/u;
const READING_IMAGES = /^Reading page images (\d+)\/(\d+)$/u;
const REUSING = /^Reusing\b/u;

/** The step a job is at, from its status and counts. */
export function stepOf(job: StepFields): JobStep {
	const finished = job.processedChunks + job.failedChunks;
	switch (job.status) {
		case 'queued':
			return { kind: 'queued' };
		case 'cancelled':
			return { kind: 'cancelled' };
		case 'completed':
			return { kind: 'done' };
		case 'completed_with_errors':
			return { kind: 'done_with_errors', failed: job.failedChunks };
		case 'failed':
			return job.currentStep === 'Could not read the PDF'
				? { kind: 'unreadable' }
				: { kind: 'failed' };
		case 'paused':
			return job.needsPassword ? { kind: 'waiting_password' } : { kind: 'paused' };
		case 'extracting': {
			if (OFFLINE.test(job.currentStep)) return { kind: 'offline' };
			if (REUSING.test(job.currentStep)) return { kind: 'reusing' };
			const page = EXTRACTING.exec(job.currentStep);
			if (page) return { kind: 'extracting', page: Number(page[1]), total: Number(page[2]) };
			const images = READING_IMAGES.exec(job.currentStep);
			if (images)
				return { kind: 'reading_images', done: Number(images[1]), total: Number(images[2]) };
			return { kind: 'opening' };
		}
		case 'processing':
			if (OFFLINE.test(job.currentStep)) return { kind: 'offline' };
			return {
				kind: 'processing',
				done: finished,
				total: job.totalChunks,
				fraction: job.totalChunks ? finished / job.totalChunks : 1
			};
	}
}

/** True while chunks are being sent, so a countdown means something. */
export function isSending(job: StepFields): boolean {
	return stepOf(job).kind === 'processing';
}

/**
 * The progress bar's value and max. Once the book is planned the bar counts chunks, not
 * `progressPercent`: that field is rounded to whole percents, so a 600-chunk book stays at 0
 * for its first three chunks, and while offline the step text no longer said how far it got,
 * so the bar looked empty. Counting chunks keeps every finished chunk visible.
 */
export function barOf(job: StepFields): { value: number; max: number } {
	if (job.status === 'completed' || job.status === 'completed_with_errors')
		return { value: 1, max: 1 };
	if (job.totalChunks > 0 && job.status !== 'extracting' && job.status !== 'queued')
		return { value: job.processedChunks + job.failedChunks, max: job.totalChunks };
	return { value: Math.max(0, Math.min(100, job.progressPercent)), max: 100 };
}

/** Why pages were skipped, as a code: the detected matter, the reader's list, or other text. */
export type SkipReason = MatterReason | 'reader' | { text: string };

/** Runs of skipped pages that share a reason: `pages` is already written as ranges ("3–4"). */
export function skippedGroups(
	skipped: readonly { page: number; reason: string }[]
): { reason: SkipReason; pages: string }[] {
	const sorted = [...skipped].sort((a, b) => a.page - b.page);
	const groups: { reason: string; pages: number[] }[] = [];
	for (const s of sorted) {
		const last = groups.at(-1);
		if (last && last.reason === s.reason) last.pages.push(s.page);
		else groups.push({ reason: s.reason, pages: [s.page] });
	}
	return groups.map((g) => ({ reason: reasonCode(g.reason), pages: formatPageRanges(g.pages) }));
}

function reasonCode(label: string): SkipReason {
	if (label === SKIPPED_BY_READER) return 'reader';
	const code = (Object.keys(MATTER_LABELS) as MatterReason[]).find(
		(k) => MATTER_LABELS[k] === label
	);
	return code ?? { text: label };
}
