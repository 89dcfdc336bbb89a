/**
 * Failures worded in the reader's language, from their kind (error-kind.ts). The relay and the
 * PDF worker speak English for logs; the page never shows that text when it knows the kind.
 */
import type { Job } from '../db/db.ts';
import { relayErrorKind, type ErrorData } from '../jobs/chunk-errors.ts';
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import { KindError, type ErrorCode, type ErrorKind, type ErrorParams } from './error-kind.ts';
import { creditsNumber, type LocaleOption } from './format.ts';
import { PAGE_RANGE_WORDING } from './page-range-text.ts';

type Wording = (p: ErrorParams, o: LocaleOption) => string;

const str = (p: ErrorParams, key: string) => String(p[key] ?? '');

const RELAY_LIMITS: Record<string, Wording> = {
	job_starts: (_, o) => m.error_relay_limit_job_starts({}, o),
	sign_in: (_, o) => m.error_relay_limit_sign_in({}, o),
	sign_up: (_, o) => m.error_relay_limit_sign_up({}, o)
};

/** One wording per code: adding a code without its message does not compile. */
export const ERROR_WORDING: Record<ErrorCode, Wording> = {
	cancelled: (_, o) => m.error_cancelled({}, o),
	offline: (_, o) => m.error_offline({}, o),
	rate_limit: (_, o) => m.error_rate_limit({}, o),
	relay_limit: (p, o) =>
		(RELAY_LIMITS[str(p, 'limit')] ?? ((_, o2) => m.error_relay_limit({}, o2)))(p, o),
	daily_quota: (_, o) => m.error_daily_quota({}, o),
	relay_unavailable: (_, o) => m.error_relay_unavailable({}, o),
	ai_disabled: (p, o) =>
		p.keyVariable
			? m.error_ai_disabled({ keyVariable: str(p, 'keyVariable'), keyUrl: str(p, 'keyUrl') }, o)
			: m.error_ai_disabled_plain({}, o),
	gemini_auth: (_, o) => m.error_gemini_auth({}, o),
	server: (_, o) => m.error_server({}, o),
	timeout: (_, o) => m.error_timeout({}, o),
	relay_aborted: (_, o) => m.error_relay_aborted({}, o),
	blocked: (_, o) => m.error_blocked({}, o),
	truncated: (_, o) => m.error_truncated({}, o),
	malformed: (_, o) => m.error_malformed({}, o),
	bad_request: (_, o) => m.error_bad_request({}, o),
	insufficient_credits: (p, o) =>
		typeof p.required === 'number'
			? m.error_insufficient_credits(
					{
						required: creditsNumber(p.required, o),
						balance: creditsNumber(Number(p.balance ?? 0), o)
					},
					o
				)
			: m.error_insufficient_credits_plain({}, o),
	no_reservation: (_, o) => m.error_no_reservation({}, o),
	unauthorized: (_, o) => m.error_unauthorized({}, o),
	wrong_credentials: (_, o) => m.error_wrong_credentials({}, o),
	forbidden: (_, o) => m.error_forbidden({}, o),
	validation: (_, o) => m.error_validation({}, o),
	not_found: (_, o) => m.error_not_found({}, o),
	conflict: (_, o) => m.error_conflict({}, o),
	relay_error: (p, o) => m.error_relay_error({ status: str(p, 'status') }, o),
	not_pdf: (_, o) => m.error_not_pdf({}, o),
	empty_file: (_, o) => m.error_empty_file({}, o),
	password_required: (_, o) => m.error_password_required({}, o),
	wrong_password: (_, o) => m.error_wrong_password({}, o),
	damaged: (_, o) => m.error_damaged({}, o),
	no_text: (_, o) => m.error_no_text({}, o),
	too_large: (p, o) =>
		p.mb === undefined
			? m.error_too_large_plain({}, o)
			: m.error_too_large({ mb: str(p, 'mb') }, o),
	pdf_timeout: (_, o) => m.error_pdf_timeout({}, o),
	pdf_missing: (_, o) => m.error_pdf_missing({}, o),
	no_sentences: (_, o) => m.error_no_sentences({}, o),
	garbled_text: (p, o) =>
		p.count === 1
			? m.error_garbled_text_one({ pages: str(p, 'pages') }, o)
			: m.error_garbled_text_other({ pages: str(p, 'pages') }, o),
	...PAGE_RANGE_WORDING,
	unknown: (p, o) =>
		p.detail ? m.error_unknown_detail({ detail: str(p, 'detail') }, o) : m.error_unknown({}, o)
};

/** The reader's text for a kind of failure. */
export function errorMessage(kind: ErrorKind, o: LocaleOption = {}): string {
	const wording = ERROR_WORDING[kind.code];
	return wording ? wording(kind.params ?? {}, o) : m.error_unknown({}, o);
}

function relayData(err: unknown): ErrorData | undefined {
	if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
	const data = (err as { data: unknown }).data;
	return typeof data === 'object' && data !== null ? (data as ErrorData) : undefined;
}

/** The kind of anything a call threw: a KindError's own, a relay answer's, or no answer at all. */
export function kindOf(err: unknown): ErrorKind {
	if (err instanceof KindError) return err.kind;
	if (err instanceof Error && err.name === 'AbortError') return { code: 'cancelled' };
	const data = relayData(err);
	if (data) return relayErrorKind(data);
	// A tRPC call that got no answer, or fetch's own TypeError: the relay cannot be reached.
	if (err instanceof Error && (err.name === 'TRPCClientError' || err instanceof TypeError)) {
		return { code: 'offline' };
	}
	const detail = err instanceof Error ? err.message : String(err);
	return detail ? { code: 'unknown', params: { detail } } : { code: 'unknown' };
}

/** The reader's text for anything thrown: never the relay's raw English. */
export function errorText(err: unknown, o: LocaleOption = {}): string {
	const reason = errorMessage(kindOf(err), o);
	const subject = err instanceof KindError ? err.subject : undefined;
	if (!subject) return reason;
	const locale = o.locale ?? getLocale();
	return 'field' in subject
		? m.error_skip_pages({ reason }, { locale })
		: m.error_subject({ subject: subject.text, reason }, { locale });
}

/** What a job card shows for a stopped job: its kind worded, else the stored English text. */
export function jobErrorText(
	job: Pick<Job, 'lastError' | 'lastErrorKind'>,
	o: LocaleOption = {}
): string | undefined {
	if (job.lastErrorKind) return errorMessage(job.lastErrorKind, o);
	return job.lastError;
}
