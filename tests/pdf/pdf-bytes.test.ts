import { describe, expect, it } from 'vitest';
import { checkPdfBytes, hasPdfHeader } from '../../src/lib/pdf/pdf-bytes.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('hasPdfHeader', () => {
	it('finds %PDF- at the start or after junk within the first kilobyte', () => {
		expect(hasPdfHeader(ascii('%PDF-1.7\n'))).toBe(true);
		expect(hasPdfHeader(ascii('x'.repeat(1000) + '%PDF-1.4'))).toBe(true);
	});

	it('does not look beyond the first kilobyte', () => {
		expect(hasPdfHeader(ascii('x'.repeat(1020) + '%PDF-1.4'))).toBe(false);
	});

	it('rejects text, and a header cut short', () => {
		expect(hasPdfHeader(ascii('Hello'))).toBe(false);
		expect(hasPdfHeader(ascii('%PDF'))).toBe(false);
	});
});

describe('checkPdfBytes', () => {
	it('names empty, too large and non-PDF input, in that order', () => {
		expect(checkPdfBytes(new Uint8Array(0), 10, 'open')?.code).toBe('empty_file');
		expect(checkPdfBytes(ascii('%PDF-1.7 and more'), 10, 'open')?.code).toBe('too_large');
		expect(checkPdfBytes(ascii('plain text'), 100, 'open')?.code).toBe('not_pdf');
		expect(checkPdfBytes(ascii('%PDF-1.7'), 100, 'open')).toBeNull();
	});
});
