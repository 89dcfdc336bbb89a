/**
 * What the PDF worker answers. Failures are data, not exceptions, because Comlink flattens a
 * thrown error to a message string and the page needs the code to choose what to show.
 */
import type { PageImage } from './page-render.ts';

/** Why a PDF could not be read. */
export type PdfFailureCode =
	| 'not_pdf'
	| 'empty_file'
	| 'password_required'
	| 'wrong_password'
	| 'damaged'
	| 'no_text'
	| 'too_large'
	| 'timeout';

/** A PDF that could not be read, with a message for the reader naming the stage. */
export interface PdfFailure {
	ok: false;
	code: PdfFailureCode;
	message: string;
}

/** What `inspect` learns about a PDF before extraction. */
export interface PdfInspection {
	ok: true;
	pageCount: number;
	/** The file is encrypted (with or without a password to open it). */
	encrypted: boolean;
	/** 1-based pages with a text layer. */
	textPages: number[];
	/** 1-based pages without one: scanned, drawn as curves, or blank. */
	imagePages: number[];
	/** 1-based pages pdf.js could not parse at all; they are in neither list above. */
	damagedPages: number[];
	title?: string;
	author?: string;
}

/** The body text of a PDF, page by page. */
export interface PdfExtraction {
	ok: true;
	/** pages[0] is page 1; see book-text.ts for the text contract. */
	pages: string[];
	pageCount: number;
	/** 1-based pages, not excluded, that gave no body text. */
	emptyPages: number[];
	/** From the PDF's Info dictionary, else its XMP metadata; absent when blank. */
	title?: string;
	author?: string;
}

/** Small PDFs cut out of a larger one, one per requested page range. */
export interface PdfSplit {
	ok: true;
	parts: Uint8Array[];
}

/** One page drawn as an image (see page-render.ts), with the page count for paging. */
export interface PdfPageRender extends PageImage {
	ok: true;
	/** The 1-based page drawn, and how many the PDF has. */
	page: number;
	pageCount: number;
}

export type InspectResult = PdfInspection | PdfFailure;
export type ExtractResult = PdfExtraction | PdfFailure;
export type SplitResult = PdfSplit | PdfFailure;
export type RenderResult = PdfPageRender | PdfFailure;

/** The step that failed, named in the message. */
export type PdfStage = 'open' | 'extract' | 'split' | 'render';

const STAGE_VERB: Record<PdfStage, string> = {
	open: 'opened',
	extract: 'read for its text',
	split: 'cut into page ranges',
	render: 'drawn as an image'
};

/** Builds the failure for `code`; `detail` is pdf.js's own wording, when it helps. */
export function pdfFailure(
	code: PdfFailureCode,
	stage: PdfStage,
	detail?: string | number
): PdfFailure {
	return { ok: false, code, message: failureMessage(code, stage, detail) };
}

function failureMessage(code: PdfFailureCode, stage: PdfStage, detail?: string | number): string {
	switch (code) {
		case 'empty_file':
			return 'This file is empty (0 bytes). Choose the PDF again: it may not have finished downloading.';
		case 'not_pdf':
			return 'This file is not a PDF: it does not start with the PDF signature "%PDF-". Choose a PDF file.';
		case 'too_large':
			return `This PDF is too large to be ${STAGE_VERB[stage]} here (the limit is ${detail} MB).`;
		case 'password_required':
			return 'This file is password-protected. Enter its password to open it.';
		case 'wrong_password':
			return 'That password does not open this PDF. Check it and try again.';
		case 'damaged':
			return `This PDF is damaged and could not be ${STAGE_VERB[stage]}${detail ? ` (${detail})` : ''}. Opening it in another PDF reader and saving a new copy may repair it.`;
		case 'no_text':
			return 'No page of this PDF has a text layer: it looks scanned. Mechanical mode reads only text: choose AI mode in the app, which reads page images, or run OCR on the PDF first (for example with the free OCRmyPDF: ocrmypdf book.pdf book-ocr.pdf) and open the new file.';
		case 'timeout':
			return `This PDF took longer than ${detail} s to be ${STAGE_VERB[stage]} and was stopped. The file may be damaged or unusually complex.`;
	}
}
