import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { intakeError, pdfErrorKind, type ErrorKind } from '../../src/lib/i18n/error-kind.ts';
import {
	ERROR_WORDING,
	errorMessage,
	errorText,
	jobErrorText,
	kindOf
} from '../../src/lib/i18n/error-messages.ts';
import { classifyChunkError } from '../../src/lib/jobs/chunk-errors.ts';
import { runJob, type PdfPort, type RelayPort } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import type { PdfFailureCode } from '../../src/lib/pdf/pdf-result.ts';

/** Params that every message with placeholders needs, so none is left empty. */
const PARAMS: Partial<Record<ErrorKind['code'], ErrorKind['params']>> = {
	insufficient_credits: { required: 5, balance: 1.5 },
	relay_limit: { limit: 'job_starts' },
	relay_error: { status: 418 },
	too_large: { mb: 200 },
	garbled_text: { pages: '2, 5–7', count: 4 },
	pages_not_a_page: { item: '1-x' },
	pages_beyond: { last: 200_000, max: 100_000 },
	pages_reversed: { first: 9, last: 3 },
	unknown: { detail: 'QuotaExceededError' }
};

const relayError = (data: Record<string, unknown>, message = 'raw relay text') =>
	Object.assign(new Error(message), { name: 'TRPCClientError', data });

describe('every kind of failure', () => {
	const codes = Object.keys(ERROR_WORDING) as ErrorKind['code'][];

	it.each(codes)('%s has an English and a French text', (code) => {
		const kind: ErrorKind = { code, params: PARAMS[code] };
		const en = errorMessage(kind, { locale: 'en' });
		const fr = errorMessage(kind, { locale: 'fr' });
		expect(en.length).toBeGreaterThan(3);
		expect(fr.length).toBeGreaterThan(3);
		expect(fr).not.toBe(en);
		for (const text of [en, fr]) {
			expect(text).not.toMatch(/undefined|\{\w+\}/u);
		}
	});

	it('words garbled pages in the singular and the plural', () => {
		const en = (pages: string, count: number) =>
			errorMessage({ code: 'garbled_text', params: { pages, count } });
		expect(en('1', 1)).toMatch(/so page 1 reads as garbage/);
		expect(en('1–3', 3)).toMatch(/so pages 1–3 read as garbage/);
		expect(
			errorMessage({ code: 'garbled_text', params: { pages: '4', count: 1 } }, { locale: 'fr' })
		).toMatch(/la page 4 donne un texte illisible/);
	});

	it("words the relay's limits by the limit that refused", () => {
		const en = (limit: string) => errorMessage({ code: 'relay_limit', params: { limit } });
		expect(en('job_starts')).toMatch(/started many books this hour/);
		expect(en('sign_in')).toMatch(/failed sign-ins/);
		expect(en('in_flight')).toMatch(/too many requests/);
	});

	it('puts the credit numbers in the French way', () => {
		const kind: ErrorKind = {
			code: 'insufficient_credits',
			params: { required: 5.25, balance: 1.5 }
		};
		expect(errorMessage(kind, { locale: 'fr' })).toContain('environ 5,3 et vous en avez 1,5');
		expect(errorMessage(kind, { locale: 'en' })).toContain('about 5.3 and you have 1.5');
	});
});

describe("the relay's errors, worded from their kind and never raw", () => {
	it.each([
		[
			{ httpStatus: 402, kind: 'insufficient_credits', required: 4, balance: 0 },
			'insufficient_credits'
		],
		[{ httpStatus: 402 }, 'insufficient_credits'],
		[{ httpStatus: 429, kind: 'rate_limit' }, 'rate_limit'],
		[{ httpStatus: 429 }, 'rate_limit'],
		[{ httpStatus: 429, kind: 'relay_limit', limit: 'job_starts' }, 'relay_limit'],
		[{ httpStatus: 429, kind: 'daily_quota' }, 'daily_quota'],
		[{ httpStatus: 401 }, 'unauthorized'],
		[{ httpStatus: 403 }, 'forbidden'],
		[{ httpStatus: 400 }, 'validation'],
		[{ httpStatus: 404 }, 'not_found'],
		[{ httpStatus: 409 }, 'conflict'],
		[{ httpStatus: 412, kind: 'ai_disabled' }, 'ai_disabled'],
		[{ httpStatus: 503, kind: 'auth' }, 'gemini_auth'],
		[{ httpStatus: 504, kind: 'timeout' }, 'timeout'],
		[{ httpStatus: 502 }, 'server'],
		[{ httpStatus: 418 }, 'relay_error']
	])('%j is %s', (data, code) => {
		const err = relayError(data);
		expect(kindOf(err).code).toBe(code);
		expect(classifyChunkError(err).kind.code).toBe(code);
		expect(errorText(err, { locale: 'fr' })).not.toContain('raw relay text');
		expect(errorText(err, { locale: 'en' })).not.toContain('raw relay text');
	});

	it('says the relay cannot be reached when no answer came', () => {
		const lost = Object.assign(new Error('Failed to fetch'), { name: 'TRPCClientError' });
		expect(kindOf(lost)).toEqual({ code: 'offline' });
		expect(kindOf(new TypeError('Failed to fetch'))).toEqual({ code: 'offline' });
		expect(errorText(lost, { locale: 'fr' })).toMatch(/^Le relais est injoignable/);
	});

	it('keeps the text of an error that is neither the relay nor a known kind', () => {
		expect(errorText(new Error('QuotaExceededError'), { locale: 'en' })).toBe(
			'Something went wrong: QuotaExceededError'
		);
	});
});

describe('PDF and intake failures', () => {
	const codes: PdfFailureCode[] = [
		'not_pdf',
		'empty_file',
		'password_required',
		'wrong_password',
		'damaged',
		'no_text',
		'too_large',
		'timeout'
	];

	it.each(codes)('%s is worded in both languages', (code) => {
		const kind = pdfErrorKind(code);
		expect(errorMessage(kind, { locale: 'en' })).not.toBe(errorMessage(kind, { locale: 'fr' }));
	});

	it('keeps the English words the reader and the e2e tests know', () => {
		const en = (code: string) => errorMessage(pdfErrorKind(code), { locale: 'en' });
		expect(en('password_required')).toMatch(/password-protected/);
		expect(en('wrong_password')).toMatch(/does not open this PDF/);
		expect(en('damaged')).toMatch(/^This PDF is damaged/);
		expect(en('no_text')).toMatch(/has a text layer: it looks scanned.*run OCR on the PDF first/);
	});

	it('names the refused file before the reason, with French spacing in French', () => {
		const err = intakeError('livre.pdf', {
			code: 'empty_file',
			message: 'This file is empty (0 bytes).'
		});
		expect(errorText(err, { locale: 'en' })).toMatch(/^livre\.pdf: This file is empty \(0 bytes\)/);
		expect(errorText(err, { locale: 'fr' })).toMatch(/^livre\.pdf : Ce fichier est vide/);
		const big = intakeError('gros.pdf', { code: 'too_large', message: 'too large' });
		expect(errorText(big, { locale: 'fr' })).toContain('200 Mo');
	});
});

describe('a job card’s error', () => {
	it('is the kind worded, or the stored text for a job from before kinds existed', () => {
		const job = {
			lastError: 'Gemini’s daily quota…',
			lastErrorKind: { code: 'daily_quota' as const }
		};
		expect(jobErrorText(job, { locale: 'fr' })).toMatch(/^Le quota quotidien de Gemini/);
		expect(jobErrorText({ lastError: 'old text' })).toBe('old text');
		expect(jobErrorText({})).toBeUndefined();
	});

	it('is stored by the runner next to the English text when a book pauses', async () => {
		const db = new NovelDb('error-kinds');
		const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
		const jobId = await createJob(db, hash, 'book', { limit: 8, mode: 'ai' });
		const pages = [
			"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec sa maison."
		];
		const pdf: PdfPort = { extract: async () => ({ ok: true, pages, pageCount: 1 }) };
		const relay: RelayPort = {
			normalize: () =>
				Promise.reject(relayError({ httpStatus: 429, kind: 'daily_quota' }, 'Daily quota used up.'))
		};
		await runJob(
			{
				db,
				pdf,
				relay,
				concurrency: 1,
				budget: { maxItems: 10, maxChars: 10_000 },
				retry: { maxAttempts: 2, baseMs: 1, maxMs: 1 },
				sleep: async () => {},
				waitForConnection: async () => {}
			},
			jobId,
			new AbortController().signal
		);
		const job = await db.jobs.get(jobId);
		expect(job).toMatchObject({
			status: 'paused',
			lastError: 'Daily quota used up.',
			lastErrorKind: { code: 'daily_quota' }
		});
		expect(jobErrorText(job!, { locale: 'fr' })).toMatch(/quota quotidien/);
	});
});
