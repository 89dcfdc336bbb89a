/**
 * Every way a Gemini call can fail, as one small error class, and the one place where
 * whatever the SDK or the network threw is turned into it.
 */
import { ApiError } from '@google/genai';
import type { Usage } from '../../src/lib/shared/pipeline/types.ts';

/** Why a Gemini call failed. */
export type GeminiErrorKind =
	| 'rate_limit'
	| 'daily_quota'
	| 'server'
	| 'timeout'
	| 'aborted'
	| 'blocked'
	| 'truncated'
	| 'malformed'
	| 'auth'
	| 'bad_request';

/**
 * Kinds worth sending again as they are. `truncated` and `malformed` are in: the model
 * samples (temperature 0.2), so the same prompt often comes back whole the next time.
 * `blocked` is out: a safety or recitation block follows the text, and the same text is
 * blocked again; the chunk normaliser asks each item alone instead, then repairs.
 * `daily_quota` lasts until midnight Pacific, `auth` and `bad_request` need a person, and
 * `aborted` was wanted by the caller.
 */
const RETRYABLE = new Set<GeminiErrorKind>([
	'rate_limit',
	'server',
	'timeout',
	'truncated',
	'malformed'
]);

/** A failed Gemini call, typed for the retry policy. */
export class GeminiError extends Error {
	override readonly name = 'GeminiError';
	readonly kind: GeminiErrorKind;
	/** How long Gemini asked us to wait (RetryInfo.retryDelay), for a per-minute 429. */
	readonly retryAfterMs?: number;
	readonly httpStatus?: number;
	/** Tokens Gemini billed for the failed call (it bills answers we then reject). */
	usage?: Usage;

	constructor(
		kind: GeminiErrorKind,
		message: string,
		options: { retryAfterMs?: number; httpStatus?: number; usage?: Usage; cause?: unknown } = {}
	) {
		super(message, { cause: options.cause });
		this.kind = kind;
		this.retryAfterMs = options.retryAfterMs;
		this.httpStatus = options.httpStatus;
		this.usage = options.usage;
	}

	/** Whether sending the same request again may succeed. */
	get retryable(): boolean {
		return RETRYABLE.has(this.kind);
	}
}

interface GoogleErrorBody {
	error?: {
		code?: number;
		status?: string;
		message?: string;
		details?: GoogleErrorDetail[];
	};
}

interface GoogleErrorDetail {
	'@type'?: string;
	retryDelay?: string;
	reason?: string;
	violations?: { quotaId?: string }[];
}

/** Turns anything a Gemini call threw into a GeminiError. */
export function classifyGeminiError(err: unknown): GeminiError {
	if (err instanceof GeminiError) return err;
	if (isApiError(err)) return fromHttpError(err.status, err.message, err);
	if (err instanceof Error || err instanceof DOMException) {
		if (err.name === 'AbortError')
			return new GeminiError('aborted', 'Request aborted', { cause: err });
		if (err.name === 'TimeoutError') {
			return new GeminiError('timeout', 'Gemini did not answer in time', { cause: err });
		}
		const code = networkCode(err);
		if (code && /TIMEOUT/.test(code)) {
			return new GeminiError('timeout', `Gemini did not answer in time (${code})`, { cause: err });
		}
		// fetch failed, ECONNREFUSED, ECONNRESET, ENOTFOUND, a socket closed mid-answer…
		if (code || err.message === 'fetch failed') {
			const detail = code ? `${err.message} (${code})` : err.message;
			return new GeminiError('server', `Could not reach Gemini: ${detail}`, { cause: err });
		}
	}
	// Anything else the SDK threw is not ours to understand; treat it as a transient server
	// fault so the caller's bounded retries decide, rather than failing the job outright.
	const detail = err instanceof Error ? err.message : String(err);
	return new GeminiError('server', `Unexpected failure calling Gemini: ${detail}`, { cause: err });
}

function isApiError(err: unknown): err is { status: number; message: string } {
	if (err instanceof ApiError) return true;
	// Duck-typed too, in case two copies of the SDK are loaded.
	return (
		err instanceof Error &&
		err.name === 'ApiError' &&
		typeof (err as { status?: unknown }).status === 'number'
	);
}

function fromHttpError(status: number, rawMessage: string, cause: unknown): GeminiError {
	const body = parseErrorBody(rawMessage);
	const details = body?.error?.details ?? [];
	const what = `Gemini ${status} ${body?.error?.status ?? ''}: ${body?.error?.message ?? rawMessage}`;
	const opts = { httpStatus: status, cause };

	if (status === 429) {
		// A daily quota comes with a RetryInfo too, but waiting seconds will not lift it.
		const perDay = details.some((d) => d.violations?.some((v) => v.quotaId?.includes('PerDay')));
		if (perDay) return new GeminiError('daily_quota', what, opts);
		return new GeminiError('rate_limit', what, { ...opts, retryAfterMs: retryDelayMs(details) });
	}
	// Gemini answers a wrong key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
	if (status === 401 || status === 403 || details.some((d) => d.reason === 'API_KEY_INVALID')) {
		return new GeminiError('auth', what, opts);
	}
	if (status === 408) return new GeminiError('timeout', what, opts);
	if (status >= 500) return new GeminiError('server', what, opts);
	return new GeminiError('bad_request', what, opts);
}

function parseErrorBody(raw: string): GoogleErrorBody | undefined {
	try {
		const parsed: unknown = JSON.parse(raw);
		return typeof parsed === 'object' && parsed !== null ? (parsed as GoogleErrorBody) : undefined;
	} catch {
		return undefined;
	}
}

/** RetryInfo.retryDelay is a protobuf Duration in JSON: "34s", "1.5s", "0.250s". */
function retryDelayMs(details: GoogleErrorDetail[]): number | undefined {
	for (const d of details) {
		const m = d.retryDelay?.match(/^(\d+(?:\.\d+)?)s$/);
		if (m) return Math.round(Number(m[1]) * 1000);
	}
	return undefined;
}

/** The error code of a Node network failure; fetch hides it in `cause`. */
function networkCode(err: Error): string | undefined {
	for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as Error).cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') return code;
	}
	return undefined;
}
