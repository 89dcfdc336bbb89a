import { pdfFailure, type PdfFailure, type PdfStage } from './pdf-result.ts';

/** PDF readers accept junk before the header within the first kilobyte; so do we. */
const HEADER_WINDOW = 1024;
const HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** Whether `bytes` carries the "%PDF-" signature within its first kilobyte. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
	const end = Math.min(bytes.length, HEADER_WINDOW) - HEADER.length;
	for (let i = 0; i <= end; i++) {
		if (HEADER.every((byte, j) => bytes[i + j] === byte)) return true;
	}
	return false;
}

/** The failure for bytes that are empty, too large or not a PDF; null when they may be one. */
export function checkPdfBytes(
	bytes: Uint8Array,
	maxBytes: number,
	stage: PdfStage
): PdfFailure | null {
	if (bytes.length === 0) return pdfFailure('empty_file', stage);
	if (bytes.length > maxBytes) return pdfFailure('too_large', stage, Math.round(maxBytes / 1e6));
	if (!hasPdfHeader(bytes)) return pdfFailure('not_pdf', stage);
	return null;
}
