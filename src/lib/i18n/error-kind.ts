/**
 * Why something failed, as a code the page words in the reader's language. Pure: the job
 * runner, the settings and the relay client store or throw these; only components (through
 * error-messages.ts) turn them into text.
 */
import { MAX_PDF_BYTES } from '../shared/pipeline/intake.ts';

/** Every failure the page can explain. */
export type ErrorCode =
	// The relay and the network.
	| 'cancelled'
	| 'offline'
	| 'rate_limit'
	| 'relay_limit'
	| 'daily_quota'
	| 'ai_disabled'
	| 'gemini_auth'
	| 'server'
	| 'timeout'
	| 'relay_aborted'
	| 'relay_unavailable'
	| 'blocked'
	| 'truncated'
	| 'malformed'
	| 'bad_request'
	| 'insufficient_credits'
	| 'no_reservation'
	| 'unauthorized'
	| 'wrong_credentials'
	| 'forbidden'
	| 'validation'
	| 'not_found'
	| 'conflict'
	| 'relay_error'
	// A PDF that could not be read (src/lib/pdf/pdf-result.ts) or was refused at intake.
	| 'not_pdf'
	| 'empty_file'
	| 'password_required'
	| 'wrong_password'
	| 'damaged'
	| 'no_text'
	| 'too_large'
	| 'pdf_timeout'
	// The job itself.
	| 'pdf_missing'
	| 'no_sentences'
	| 'garbled_text'
	// "Pages to skip" that cannot be read (src/lib/shared/pipeline/page-ranges.ts).
	| 'pages_not_a_page'
	| 'pages_from_one'
	| 'pages_beyond'
	| 'pages_reversed'
	// Anything else: a bug or a browser refusal, shown with its own text.
	| 'unknown';

/** Numbers and names a message needs (credits, a limit's name, a page). */
export type ErrorParams = Record<string, string | number>;

/** A failure's code and what its message needs; stored on a job as `lastErrorKind`. */
export interface ErrorKind {
	code: ErrorCode;
	params?: ErrorParams;
}

/** An Error that also says what kind it is, so the page can word it (see errorText). */
export class KindError extends Error {
	override readonly name = 'KindError';
	constructor(
		readonly kind: ErrorKind,
		/** The English text, for logs and for code that only reads `message`. */
		message: string,
		/** Put before the message: a file name, or the settings field that is wrong. */
		readonly subject?: { text: string } | { field: 'skip_pages' }
	) {
		super(message);
	}
}

const PDF_CODES: Record<string, ErrorCode> = {
	not_pdf: 'not_pdf',
	empty_file: 'empty_file',
	password_required: 'password_required',
	wrong_password: 'wrong_password',
	damaged: 'damaged',
	no_text: 'no_text',
	too_large: 'too_large',
	timeout: 'pdf_timeout'
};

/** The kind of a PDF worker failure (`PdfFailureCode`). */
export function pdfErrorKind(code: string): ErrorKind {
	return { code: PDF_CODES[code] ?? 'damaged' };
}

/** A dropped file refused before it was stored (src/lib/shared/pipeline/intake.ts). */
export function intakeError(
	fileName: string,
	problem: { code: 'empty_file' | 'not_pdf' | 'too_large'; message: string }
): KindError {
	const kind: ErrorKind =
		problem.code === 'too_large'
			? { code: 'too_large', params: { mb: Math.round(MAX_PDF_BYTES / 1024 / 1024) } }
			: { code: problem.code };
	return new KindError(kind, `${fileName}: ${problem.message}`, { text: fileName });
}
