import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter } from '../../server/sheets/google-retry.ts';
import { a1Range, columnLetters, planBatches } from '../../server/sheets/sheets-batches.ts';
import { sheetTabTitle } from '../../server/sheets/sheets-service.ts';
import { createTokenCipher, decodeTokenKey } from '../../server/sheets/token-cipher.ts';
import {
	connectHref,
	problemOfRedirect,
	problemOfRelayError,
	withoutSheetsMarkers
} from '../../src/lib/sheets/sheets-problem.ts';

const rows = (n: number, cell = 'x') => Array.from({ length: n }, (_, i) => [String(i), cell]);

describe('planBatches', () => {
	it('covers every row once, in order, at most maxRows per batch', () => {
		const table = rows(25_001);
		const batches = planBatches(table);
		expect(batches.map((b) => [b.start, b.rows.length])).toEqual([
			[0, 10_000],
			[10_000, 10_000],
			[20_000, 5_001]
		]);
		expect(batches.flatMap((b) => b.rows)).toEqual(table);
	});

	it('ends a batch before it passes the byte budget, and sends an oversized row alone', () => {
		const limits = { maxRows: 100, maxBytes: 1_000 };
		const table = [...rows(3, 'a'.repeat(300)), ['huge', 'b'.repeat(5_000)], ...rows(2, 'c')];
		const batches = planBatches(table, limits);
		for (const b of batches) {
			const bytes = b.rows.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)) + 1, 0);
			expect(b.rows.length === 1 || bytes <= limits.maxBytes).toBe(true);
		}
		expect(batches.find((b) => b.rows[0][0] === 'huge')!.rows).toHaveLength(1);
		expect(batches.flatMap((b) => b.rows)).toEqual(table);
		// Accents count as the bytes they are on the wire.
		expect(planBatches(rows(10, 'é'.repeat(100)), { maxRows: 100, maxBytes: 1_000 }).length).toBe(
			3
		);
	});

	it('gives no batch for no rows', () => {
		expect(planBatches([])).toEqual([]);
	});
});

describe('A1 ranges', () => {
	it('names columns like Sheets and quotes sheet names', () => {
		expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
		expect(a1Range("L'Étranger", 10_001, 20_000, 4)).toBe("'L''Étranger'!A10001:D20000");
	});

	it('cleans a tab name of the characters Sheets refuses', () => {
		expect(sheetTabTitle('Notes [1]: a/b?*')).toBe('Notes 1 a b');
		expect(sheetTabTitle('  ')).toBe('Sheet1');
		expect(sheetTabTitle('x'.repeat(300))).toHaveLength(100);
	});
});

describe('Google retry policy', () => {
	const policy = { retries: 3, baseMs: 100, maxMs: 2_000 };

	it('honours Retry-After up to the ceiling, and gives up beyond it', () => {
		expect(backoffMs(1, { status: 429, retryAfterMs: 1_500 }, policy)).toBe(1_500);
		expect(backoffMs(1, { status: 429, retryAfterMs: 60_000 }, policy)).toBeUndefined();
		expect(parseRetryAfter('2')).toBe(2_000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
		expect(parseRetryAfter(null)).toBeUndefined();
	});

	it('backs off exponentially with jitter on 429 and 5xx, never on other errors', () => {
		expect(backoffMs(1, { status: 503 }, policy, () => 0)).toBe(50);
		expect(backoffMs(3, { status: 500 }, policy, () => 1)).toBe(400);
		expect(backoffMs(4, { status: 500 }, policy)).toBeUndefined();
		for (const status of [400, 401, 403, 404]) {
			expect(backoffMs(1, { status }, policy)).toBeUndefined();
		}
	});
});

describe('token cipher', () => {
	it('opens what it sealed, for the same owner and key only', () => {
		const key = randomBytes(32);
		const cipher = createTokenCipher(key);
		const sealed = cipher.seal('1//refresh-token', 'user-1');
		expect(sealed).not.toContain('refresh');
		expect(cipher.seal('1//refresh-token', 'user-1')).not.toBe(sealed);
		expect(cipher.open(sealed, 'user-1')).toBe('1//refresh-token');
		expect(() => cipher.open(sealed, 'user-2')).toThrow();
		expect(() => createTokenCipher(randomBytes(32)).open(sealed, 'user-1')).toThrow();
		const [v, iv, tag, body] = sealed.split('.');
		const flipped = Buffer.from(body, 'base64url');
		flipped[0] ^= 1;
		expect(() =>
			cipher.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'user-1')
		).toThrow();
	});

	it('takes only a 32-byte key, in base64 or base64url', () => {
		const key = randomBytes(32);
		expect(decodeTokenKey(key.toString('base64'))).toEqual(key);
		expect(decodeTokenKey(key.toString('base64url'))).toEqual(key);
		expect(decodeTokenKey(randomBytes(16).toString('base64'))).toBeUndefined();
	});
});

describe('what the button words', () => {
	it('maps the relay’s kinds and the consent redirect’s codes to problems', () => {
		expect(problemOfRelayError('sheets_reconnect', 412)).toBe('reconnect');
		expect(problemOfRelayError('sheets_connect', 412)).toBe('reconnect');
		expect(problemOfRelayError('sheets_not_google', 403)).toBe('not_google');
		expect(problemOfRelayError('sheets_google', 429, 60_000)).toBe('google_busy');
		expect(problemOfRelayError('sheets_google', 502)).toBe('google_failed');
		expect(problemOfRelayError(undefined, 401)).toBe('sign_in');
		expect(problemOfRelayError(undefined, undefined)).toBe('offline');
		expect(problemOfRedirect('other_account')).toBe('other_account');
		expect(problemOfRedirect('no_refresh')).toBe('reconnect');
		expect(problemOfRedirect('anything-else')).toBe('connect_failed');
	});

	it('comes back to the same page without the redirect’s markers', () => {
		expect(withoutSheetsMarkers('http://x.test/book/1?tab=a&sheets=connected#r')).toBe(
			'/book/1?tab=a#r'
		);
		expect(connectHref('/auth/google/sheets', '/book/1?tab=a')).toBe(
			'/auth/google/sheets?return=%2Fbook%2F1%3Ftab%3Da'
		);
	});
});
