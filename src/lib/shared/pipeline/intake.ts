/** Why a dropped file was refused before any work started. */
export interface IntakeProblem {
	code: 'empty_file' | 'not_pdf' | 'too_large';
	message: string;
}

/** The default size limit (ARCHITECTURE.md §2.1). */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * Checks a file before it is stored: not empty, not too large, and a PDF by its magic bytes
 * (readers accept junk before "%PDF-" within the first 1 KB, so we do too).
 */
export function checkIntake(
	head: Uint8Array,
	size: number,
	maxBytes = MAX_PDF_BYTES
): IntakeProblem | null {
	if (size === 0) return { code: 'empty_file', message: 'This file is empty (0 bytes).' };
	if (size > maxBytes) {
		const mb = Math.round(maxBytes / 1024 / 1024);
		return {
			code: 'too_large',
			message: `This file is larger than ${mb} MB, the limit for one book.`
		};
	}
	const end = Math.min(head.length, 1024) - MAGIC.length;
	for (let at = 0; at <= end; at++) {
		if (MAGIC.every((b, k) => head[at + k] === b)) return null;
	}
	return {
		code: 'not_pdf',
		message: 'This file is not a PDF. Choose a .pdf file of a French novel.'
	};
}
