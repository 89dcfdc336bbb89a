import { describe, expect, it } from 'vitest';
import { checkIntake } from '../../src/lib/shared/pipeline/intake.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('checkIntake', () => {
	it('accepts a file that starts with %PDF-', () => {
		expect(checkIntake(bytes('%PDF-1.7\n...'), 1000)).toBeNull();
	});

	it('accepts junk before the header within the first kilobyte, as readers do', () => {
		expect(checkIntake(bytes('garbage\r\n%PDF-1.4'), 1000)).toBeNull();
	});

	it('refuses an empty file', () => {
		expect(checkIntake(new Uint8Array(), 0)?.code).toBe('empty_file');
	});

	it('refuses a file that is not a PDF', () => {
		expect(checkIntake(bytes('PK\u0003\u0004 a zip file'), 30)?.code).toBe('not_pdf');
	});

	it('refuses a file over the size limit', () => {
		const p = checkIntake(bytes('%PDF-1.7'), 300 * 1024 * 1024);
		expect(p?.code).toBe('too_large');
		expect(p?.message).toMatch(/200 MB/);
	});
});
