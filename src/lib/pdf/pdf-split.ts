/**
 * Cutting page ranges out of a PDF into small PDFs (for sending image-only pages to a
 * model). pdf-lib does it when it can parse the file; pdf.js does it for encrypted files,
 * which pdf-lib cannot decrypt, and for files too broken for pdf-lib's parser.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

/** A page range, 1-based and inclusive. */
export type PageRange = [first: number, last: number];

/** A page range outside the document: the caller's bug, so thrown rather than returned. */
export class PageRangeError extends RangeError {
	override name = 'PageRangeError';
}

/** Throws unless every range is [first, last] with 1 ≤ first ≤ last ≤ pageCount. */
export function checkRanges(ranges: readonly PageRange[], pageCount = Infinity): void {
	for (const [first, last] of ranges) {
		const valid = Number.isInteger(first) && Number.isInteger(last) && first >= 1;
		if (!valid || last < first || last > pageCount) {
			throw new PageRangeError(`Page range [${first}, ${last}] does not fit ${pageCount} pages`);
		}
	}
}

/** The parts cut by pdf-lib, or null when pdf-lib cannot read or copy the file. */
export async function splitWithPdfLib(
	bytes: Uint8Array,
	ranges: readonly PageRange[]
): Promise<Uint8Array[] | null> {
	const { PDFDocument } = await import('pdf-lib');
	let source: Awaited<ReturnType<typeof PDFDocument.load>>;
	let pageCount: number;
	try {
		source = await PDFDocument.load(bytes, { updateMetadata: false });
		pageCount = source.getPageCount();
	} catch {
		return null;
	}
	checkRanges(ranges, pageCount);
	try {
		const parts: Uint8Array[] = [];
		for (const [first, last] of ranges) {
			const part = await PDFDocument.create({ updateMetadata: false });
			const indices = Array.from({ length: last - first + 1 }, (_, i) => first - 1 + i);
			for (const page of await part.copyPages(source, indices)) part.addPage(page);
			parts.push(await part.save());
		}
		return parts;
	} catch {
		return null;
	}
}

/** The parts cut by pdf.js; an encrypted original stays encrypted with the same password. */
export async function splitWithPdfJs(
	doc: PDFDocumentProxy,
	ranges: readonly PageRange[]
): Promise<Uint8Array[]> {
	checkRanges(ranges, doc.numPages);
	const parts: Uint8Array[] = [];
	for (const [first, last] of ranges) {
		const includePages = [[first - 1, last - 1]];
		parts.push(await doc.extractPages([{ document: null, includePages }]));
	}
	return parts;
}
