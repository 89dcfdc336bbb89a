import type { ErrorCode, ErrorKind } from '../i18n/error-kind.ts';

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
	/** The relay's English text, kept for logs; the page words `kind` instead. */
	message: string;
	/** What went wrong, for the page to word in the reader's language. */
	kind: ErrorKind;
	retryAfterMs?: number;
}

/** The fields of a relay error's `data` that the page reads (server/trpc.ts errorDetails). */
export interface ErrorData {
	kind?: string;
	httpStatus?: number;
	retryAfterMs?: number;
	limit?: string;
	balance?: number;
	required?: number;
}

// The relay's `data.kind` (server/relay-errors.ts, trpc.ts) to the page's codes.
const CODE_BY_RELAY_KIND: Record<string, ErrorCode> = {
	rate_limit: 'rate_limit',
	daily_quota: 'daily_quota',
	server: 'server',
	timeout: 'timeout',
	aborted: 'relay_aborted',
	blocked: 'blocked',
	truncated: 'truncated',
	malformed: 'malformed',
	auth: 'gemini_auth',
	bad_request: 'bad_request',
	ai_disabled: 'ai_disabled',
	unavailable: 'relay_unavailable',
	relay_limit: 'relay_limit',
	insufficient_credits: 'insufficient_credits',
	no_reservation: 'no_reservation',
	job_not_found: 'not_found'
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
	400: 'validation',
	401: 'unauthorized',
	402: 'insufficient_credits',
	403: 'forbidden',
	404: 'not_found',
	409: 'conflict',
	429: 'rate_limit'
};

/** The kind of a relay answer: its own `kind` first, then its HTTP status. */
export function relayErrorKind(data: ErrorData): ErrorKind {
	const code =
		(data.kind && CODE_BY_RELAY_KIND[data.kind]) ||
		CODE_BY_STATUS[data.httpStatus ?? 0] ||
		((data.httpStatus ?? 500) >= 500 ? 'server' : 'relay_error');
	const params: Record<string, string | number> = {};
	if (code === 'relay_limit' && data.limit) params.limit = data.limit;
	if (code === 'insufficient_credits' && data.required !== undefined) {
		params.required = data.required;
		params.balance = data.balance ?? 0;
	}
	if (code === 'relay_error') params.status = data.httpStatus ?? 0;
	return Object.keys(params).length ? { code, params } : { code };
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
	const text = err instanceof Error ? err.message : String(err);
	if (isAbort(err))
		return { action: 'aborted', message: 'Cancelled.', kind: { code: 'cancelled' } };
	const data = dataOf(err);
	if (!data) {
		// No tRPC error shape: the request never got an answer (offline, relay down, proxy).
		return {
			action: 'wait_online',
			message: 'The relay cannot be reached.',
			kind: { code: 'offline' }
		};
	}
	return { ...classifyAnswer(data), message: text, kind: relayErrorKind(data) };
}

function classifyAnswer(data: ErrorData): { action: ChunkErrorAction; retryAfterMs?: number } {
	if (data.kind && PAUSE_KINDS.has(data.kind)) return { action: 'pause' };
	// The chunk never reached Gemini: the relay is pacing this user (calls per minute, calls in
	// flight). Counting that as an attempt would fail a long book's chunks for going too fast.
	// Nor did a call that met the relay's shared store (Redis, the database) down: it is sent
	// again once the relay has it back, however long that takes.
	if (data.kind === 'relay_limit' || data.kind === 'unavailable') {
		return { action: 'slow_down', retryAfterMs: data.retryAfterMs };
	}
	if (data.kind && RETRY_KINDS.has(data.kind)) {
		return { action: 'retry', retryAfterMs: data.retryAfterMs };
	}
	const status = data.httpStatus ?? 500;
	// Out of credits or signed out: nothing changes until the user acts, so retrying is waste.
	if (status === 401 || status === 402) return { action: 'pause' };
	if (status === 429 || status >= 500) {
		return { action: 'retry', retryAfterMs: data.retryAfterMs };
	}
	return { action: 'fail' };
}
