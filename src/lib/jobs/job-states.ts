/** Where a job is in its life. */
export type JobStatus =
	| 'queued'
	| 'extracting'
	| 'processing'
	| 'paused'
	| 'completed'
	| 'completed_with_errors'
	| 'failed'
	| 'cancelled';

/** A job in one of these states never moves again (retrying failed chunks starts a new run). */
export const TERMINAL_STATES: ReadonlySet<JobStatus> = new Set([
	'completed',
	'completed_with_errors',
	'failed',
	'cancelled'
]);

const NEXT: Record<JobStatus, readonly JobStatus[]> = {
	queued: ['extracting', 'processing', 'paused', 'failed', 'cancelled'],
	extracting: ['processing', 'paused', 'failed', 'cancelled', 'queued'],
	processing: ['completed', 'completed_with_errors', 'paused', 'failed', 'cancelled', 'queued'],
	paused: ['queued', 'extracting', 'processing', 'failed', 'cancelled'],
	// Retrying failed chunks is the one way out of a finished state.
	completed_with_errors: ['processing'],
	completed: [],
	failed: [],
	cancelled: []
};

/**
 * True when a job may go from `from` to `to`. A live job may be written again in its own
 * state (a resume re-enters `extracting`); a finished one may not, so a second cancel from
 * another tab cannot move `cancelledAt`.
 */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
	if (from === to) return !isTerminal(from);
	return NEXT[from].includes(to);
}

/** True when the job will not change on its own any more. */
export function isTerminal(status: JobStatus): boolean {
	return TERMINAL_STATES.has(status);
}

/** True when a runner should pick the job up on app start. */
export function isResumable(status: JobStatus): boolean {
	return status === 'queued' || status === 'extracting' || status === 'processing';
}
