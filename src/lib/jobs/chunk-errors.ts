/** What the runner does about a failed chunk call. */
export type ChunkErrorAction =
	/** Try again after a backoff; counts as an attempt. */
	| 'retry'
	/** The relay cannot be reached: wait for the connection without spending an attempt. */
	| 'wait_online'
	/** The relay's own per-user limits asked for fewer calls: wait, without spending an attempt. */
	| 'slow_down'
	/** Stop the job with a message; the user resumes it. */
	| 'pause'
	/** The chunk cannot succeed as sent. */
	| 'fail'
	/** The user cancelled: not a failure. */
	| 'aborted';

/** A chunk failure, classified once at the boundary. */
export interface ClassifiedChunkError {
	action: ChunkErrorAction;
	message: string;
	retryAfterMs?: number;
}

interface ErrorData {
	kind?: string;
	httpStatus?: number;
	retryAfterMs?: number;
}

// `aborted` here is the relay's: a call it gave up on that this tab did not cancel.
const RETRY_KINDS = new Set([
	'rate_limit',
	'server',
	'timeout',
	'truncated',
	'malformed',
	'aborted'
]);
const PAUSE_KINDS = new Set(['daily_quota', 'ai_disabled', 'auth']);

function dataOf(err: unknown): ErrorData | undefined {
	if (typeof err === 'object' && err !== null && 'data' in err) {
		const data = (err as { data: unknown }).data;
		if (typeof data === 'object' && data !== null) return data as ErrorData;
	}
	return undefined;
}

function isAbort(err: unknown): boolean {
	if (!(err instanceof Error)) return false;
	if (err.name === 'AbortError') return true;
	return err.cause instanceof Error && err.cause.name === 'AbortError';
}

/** Sorts a chunk call's failure into what the runner should do. */
export function classifyChunkError(err: unknown): ClassifiedChunkError {
	const message = err instanceof Error ? err.message : String(err);
	if (isAbort(err)) return { action: 'aborted', message: 'Cancelled.' };
	const data = dataOf(err);
	if (!data) {
		// No tRPC error shape: the request never got an answer (offline, relay down, proxy).
		return { action: 'wait_online', message: 'The relay cannot be reached.' };
	}
	if (data.kind && PAUSE_KINDS.has(data.kind)) return { action: 'pause', message };
	// The chunk never reached Gemini: the relay is pacing this user (calls per minute, calls in
	// flight). Counting that as an attempt would fail a long book's chunks for going too fast.
	if (data.kind === 'relay_limit') {
		return { action: 'slow_down', message, retryAfterMs: data.retryAfterMs };
	}
	if (data.kind && RETRY_KINDS.has(data.kind)) {
		return { action: 'retry', message, retryAfterMs: data.retryAfterMs };
	}
	const status = data.httpStatus ?? 500;
	// Out of credits or signed out: nothing changes until the user acts, so retrying is waste.
	if (status === 401 || status === 402) return { action: 'pause', message };
	if (status === 429 || status >= 500) {
		return { action: 'retry', message, retryAfterMs: data.retryAfterMs };
	}
	return { action: 'fail', message };
}
