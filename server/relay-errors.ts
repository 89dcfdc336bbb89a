import { TRPCError } from '@trpc/server';
import { GeminiError } from './gemini/gemini-errors.ts';

/** Why a chunk call failed, as the browser's retry policy needs to know it. */
export type RelayErrorKind = GeminiError['kind'] | 'ai_disabled' | 'unavailable';

class RelayCause extends Error {
	constructor(
		readonly kind: RelayErrorKind,
		readonly retryAfterMs: number | undefined
	) {
		super(kind);
	}
}

const CODE_BY_KIND: Record<GeminiError['kind'], TRPCError['code']> = {
	rate_limit: 'TOO_MANY_REQUESTS',
	daily_quota: 'TOO_MANY_REQUESTS',
	server: 'BAD_GATEWAY',
	timeout: 'GATEWAY_TIMEOUT',
	aborted: 'CLIENT_CLOSED_REQUEST',
	blocked: 'UNPROCESSABLE_CONTENT',
	truncated: 'BAD_GATEWAY',
	malformed: 'BAD_GATEWAY',
	auth: 'SERVICE_UNAVAILABLE',
	bad_request: 'BAD_REQUEST'
};

const MESSAGE_BY_KIND: Record<GeminiError['kind'], string> = {
	rate_limit: 'Gemini is busy (per-minute quota). The chunk will be retried.',
	daily_quota: "Gemini's daily quota is used up. Try again after midnight Pacific time.",
	server: 'Gemini had a server error.',
	timeout: 'Gemini did not answer in time.',
	aborted: 'The request was cancelled.',
	blocked: 'Gemini refused this passage (safety filter).',
	truncated: "Gemini's answer was cut off.",
	malformed: 'Gemini sent an answer that is not valid JSON.',
	auth: "The relay's Gemini API key was refused. The relay's operator must fix GEMINI_API_KEY.",
	bad_request: 'Gemini rejected the request as invalid.'
};

/** Maps a Gemini failure to a tRPC error whose data carries its kind and retry delay. */
export function toTRPCError(err: GeminiError): TRPCError {
	return new TRPCError({
		code: CODE_BY_KIND[err.kind],
		message: MESSAGE_BY_KIND[err.kind],
		cause: new RelayCause(err.kind, err.retryAfterMs)
	});
}

/** The error raised when AI mode is asked of a relay that has no Gemini key. */
export function aiDisabledError(): TRPCError {
	return new TRPCError({
		code: 'PRECONDITION_FAILED',
		message: AI_DISABLED_MESSAGE,
		cause: new RelayCause('ai_disabled', undefined)
	});
}

/** How long the browser waits before it sends a call again after a store outage. */
export const STORE_RETRY_MS = 2000;

/**
 * The error of a call that met the shared store (Redis or the database) down: 503, to be
 * sent again after STORE_RETRY_MS. The store's own error stays in the relay's log.
 */
export function storeUnavailableError(cause: unknown): TRPCError {
	console.error('Relay store unavailable:', cause instanceof Error ? cause.message : cause);
	return new TRPCError({
		code: 'SERVICE_UNAVAILABLE',
		message: "The relay's shared store does not answer just now. The call will be sent again.",
		cause: new RelayCause('unavailable', STORE_RETRY_MS)
	});
}

/**
 * The variable that holds the Gemini key, and where to get one. Only the relay names them:
 * the page gets them from config.get and words the advice itself.
 */
export const GEMINI_KEY_HELP = {
	keyVariable: 'GEMINI_API_KEY',
	keyUrl: 'https://aistudio.google.com/apikey'
} as const;

/** Why AI mode is off, in English, for API callers and logs. */
export const AI_DISABLED_MESSAGE = `AI mode needs a Gemini API key on the relay. Stop the app and start it with ${GEMINI_KEY_HELP.keyVariable}=your-key npm start (get a key at ${GEMINI_KEY_HELP.keyUrl}). Mechanical mode works without one.`;

/** What a caller is told of an unexpected failure; the details go to the relay's log. */
export const INTERNAL_MESSAGE =
	'Internal error on the relay. Try again; if it persists, tell its operator.';

/** The extra fields an error shape carries to the browser. */
export function relayErrorData(error: TRPCError): { kind?: RelayErrorKind; retryAfterMs?: number } {
	const cause = error.cause;
	if (cause instanceof RelayCause) return { kind: cause.kind, retryAfterMs: cause.retryAfterMs };
	return {};
}
