import { describe, expect, it } from 'vitest';
import { pdfFailure } from '../../src/lib/pdf/pdf-result.ts';

describe('the no_text message', () => {
	it('says the PDF has no text layer and tells the reader to run OCR first', () => {
		const { message } = pdfFailure('no_text', 'extract');
		expect(message).toMatch(/^No page of this PDF has a text layer: it looks scanned\./u);
		expect(message).toMatch(/run OCR on the PDF first/u);
		expect(message).toContain('OCRmyPDF');
	});

	// AI mode reads image-only pages through Gemini (src/lib/jobs/page-reading.ts), so the
	// message may point there; it must not claim that mechanical mode can.
	it('points to AI mode for page images, and says mechanical mode reads only text', () => {
		const { message } = pdfFailure('no_text', 'extract');
		expect(message).toMatch(/choose AI mode in the app, which reads page images/u);
		expect(message).toMatch(/Mechanical mode reads only text/u);
	});
});
