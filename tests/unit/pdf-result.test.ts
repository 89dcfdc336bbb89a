import { describe, expect, it } from 'vitest';
import { pdfFailure } from '../../src/lib/pdf/pdf-result.ts';

describe('the no_text message', () => {
	it('says the PDF has no text layer and tells the reader to run OCR first', () => {
		const { message } = pdfFailure('no_text', 'extract');
		expect(message).toMatch(/^No page of this PDF has a text layer: it looks scanned\./u);
		expect(message).toMatch(/run OCR on the PDF first/u);
		expect(message).toContain('OCRmyPDF');
	});

	it('does not promise that AI mode reads page images, which the app cannot do yet', () => {
		expect(pdfFailure('no_text', 'extract').message).not.toMatch(/AI mode/u);
	});
});
