/**
 * The PDF worker's code, free of any worker: bytes in, data out, no DOM, no network, no
 * storage. The browser runs it in a module worker (pdf.worker.ts) with pdf.js's modern
 * build; Node runs it directly with the legacy build (pdf-core-node.ts).
 *
 * pdf.js takes ownership of the buffer it is given (it transfers it to its own worker, which
 * detaches it), so every call hands it a copy and the caller's bytes stay usable.
 */
import type * as PdfJs from 'pdfjs-dist';
import { buildBookText } from './book-text.ts';
import { buildLines, pieceFromItem, type Line, type PdfJsTextItem } from './line-builder.ts';
import { checkPdfBytes } from './pdf-bytes.ts';
import {
	pdfFailure,
	type ExtractResult,
	type InspectResult,
	type PdfFailure,
	type PdfStage,
	type SplitResult
} from './pdf-result.ts';

export type * from './pdf-result.ts';

/** pdf.js as imported: `pdfjs-dist` in the browser, `pdfjs-dist/legacy/build/pdf.mjs` in Node. */
export type PdfJsModule = typeof PdfJs;
type PdfDocument = Awaited<ReturnType<PdfJsModule['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
type DocumentParams = Exclude<
	Parameters<PdfJsModule['getDocument']>[0],
	string | URL | ArrayBuffer | ArrayBufferView | undefined
>;

export interface PdfCoreOptions {
	/** Where pdf.js finds its standard fonts (a URL, or in Node a path), ending in "/". */
	standardFontDataUrl?: string;
	/** Where pdf.js finds its CMaps (needed only by some CJK fonts), ending in "/". */
	cMapUrl?: string;
	/** Larger files get 'too_large'. Default 200 MB, the intake limit. */
	maxBytes?: number;
}

export interface ExtractOptions {
	password?: string;
	/** Called after each page: (1-based page, page count). */
	onProgress?: (page: number, total: number) => void;
	/** 1-based pages to leave out (front and back matter); they come back as "". */
	excludePages?: number[];
}

export interface SplitOptions {
	/** The password, for an encrypted PDF that needs one to open. */
	password?: string;
}

/** A page range, 1-based and inclusive. */
export type PageRange = [first: number, last: number];

export const DEFAULT_MAX_BYTES = 200_000_000;
const PAGES_AHEAD = Number(process.env.AHEAD ?? 1);

/** Creates the worker API on top of one pdf.js module. */
export function createPdfCore(pdfjs: PdfJsModule, options: PdfCoreOptions = {}) {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

	/** Opens the document, or says why it cannot be opened. */
	async function open(
		bytes: Uint8Array,
		password: string | undefined,
		stage: PdfStage
	): Promise<{ doc: PdfDocument; close: () => Promise<void> } | PdfFailure> {
		const invalid = checkPdfBytes(bytes, maxBytes, stage);
		if (invalid) return invalid;
		const params: DocumentParams = {
			data: bytes.slice(),
			password,
			standardFontDataUrl: options.standardFontDataUrl,
			cMapUrl: options.cMapUrl,
			cMapPacked: true,
			// Text extraction needs no eval, font faces, XFA rendering or image decoders.
			isEvalSupported: false,
			disableFontFace: true,
			enableXfa: false,
			isOffscreenCanvasSupported: false,
			isImageDecoderSupported: false,
			verbosity: pdfjs.VerbosityLevel.ERRORS
		};
		const task = pdfjs.getDocument(params);
		try {
			const doc = await task.promise;
			return { doc, close: () => task.destroy() };
		} catch (error) {
			await task.destroy().catch(() => {});
			return failureFrom(error, stage, pdfjs);
		}
	}

	return {
		/** Page count, encryption, which pages have text, and the title and author. */
		async inspect(bytes: Uint8Array, password?: string): Promise<InspectResult> {
			const opened = await open(bytes, password, 'open');
			if ('ok' in opened) return opened;
			const { doc, close } = opened;
			try {
				const textPages: number[] = [];
				const imagePages: number[] = [];
				const damagedPages: number[] = [];
				for (let n = 1; n <= doc.numPages; n++) {
					const hasText = await withPage(doc, n, pageHasText);
					if (hasText === null) damagedPages.push(n);
					else (hasText ? textPages : imagePages).push(n);
				}
				if (doc.numPages === 0) return pdfFailure('damaged', 'open', 'it has no pages');
				if (damagedPages.length === doc.numPages) {
					return pdfFailure('damaged', 'open', 'no page could be read');
				}
				const metadata = await readMetadata(doc);
				return { ok: true, pageCount: doc.numPages, textPages, imagePages, damagedPages, ...metadata };
			} catch (error) {
				return failureFrom(error, 'open', pdfjs);
			} finally {
				await close();
			}
		},

		/** The body text of every page; see book-text.ts for what a page's text holds. */
		async extract(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractResult> {
			const opened = await open(bytes, opts.password, 'extract');
			if ('ok' in opened) return opened;
			const { doc, close } = opened;
			try {
				const total = doc.numPages;
				if (total === 0) return pdfFailure('damaged', 'extract', 'it has no pages');
				const excluded = new Set(opts.excludePages ?? []);
				const pageLines: (Line[] | null)[] = [];
				let unreadable = 0;
				const read = (n: number) =>
					excluded.has(n) ? Promise.resolve(null) : withPage(doc, n, pageLinesOf);
				// Ask for the next pages while this one is processed, so pdf.js never waits for us.
				const ahead: Promise<Line[] | null>[] = [];
				for (let n = 1; n <= Math.min(PAGES_AHEAD, total); n++) ahead.push(read(n));
				for (let n = 1; n <= total; n++) {
					const lines = await ahead.shift()!;
					if (n + PAGES_AHEAD <= total) ahead.push(read(n + PAGES_AHEAD));
					if (!excluded.has(n) && lines === null) unreadable++;
					pageLines.push(lines);
					report(opts.onProgress, n, total);
				}
				const included = total - [...excluded].filter((n) => n >= 1 && n <= total).length;
				if (included === 0) return everyPageExcluded();
				if (unreadable === included) return pdfFailure('damaged', 'extract', 'no page could be read');
				const pages = buildBookText(pageLines);
				const emptyPages = pages.flatMap((text, i) =>
					text === '' && !excluded.has(i + 1) ? [i + 1] : []
				);
				if (emptyPages.length === included) return pdfFailure('no_text', 'extract');
				return { ok: true, pages, pageCount: total, emptyPages };
			} catch (error) {
				return failureFrom(error, 'extract', pdfjs);
			} finally {
				await close();
			}
		},

		/**
		 * Cuts page ranges out into small PDFs, e.g. image-only pages to send to a model.
		 * pdf-lib does the work; an encrypted PDF, which pdf-lib cannot decrypt, and a PDF
		 * too broken for pdf-lib's parser go through pdf.js, whose copies keep the original
		 * encryption (no password needed when the original opened without one).
		 * Ranges outside the document are a programming error and throw a PageRangeError.
		 */
		async split(
			bytes: Uint8Array,
			ranges: PageRange[],
			opts: SplitOptions = {}
		): Promise<SplitResult> {
			const invalid = checkPdfBytes(bytes, maxBytes, 'split');
			if (invalid) return invalid;
			for (const [first, last] of ranges) {
				if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first) {
					throw new PageRangeError(`Invalid page range [${first}, ${last}]`);
				}
			}
			const parts = await splitWithPdfLib(bytes, ranges);
			if (parts) return { ok: true, parts };
			const opened = await open(bytes, opts.password, 'split');
			if ('ok' in opened) return opened;
			const { doc, close } = opened;
			try {
				assertRangesWithin(ranges, doc.numPages);
				const copies: Uint8Array[] = [];
				for (const [first, last] of ranges) {
					const includePages = [[first - 1, last - 1]];
					copies.push(await doc.extractPages([{ document: null, includePages }]));
				}
				return { ok: true, parts: copies };
			} catch (error) {
				if (error instanceof PageRangeError) throw error;
				return failureFrom(error, 'split', pdfjs);
			} finally {
				await close();
			}
		}
	};
}

/** One `createPdfCore` instance. */
export type PdfCore = ReturnType<typeof createPdfCore>;

/**
 * The API the worker exposes. Comlink can proxy a callback only as a top-level argument,
 * so `extract` takes `onProgress` as its third argument instead of inside its options.
 */
export function toWorkerApi(core: PdfCore) {
	return {
		inspect: core.inspect,
		extract: (
			bytes: Uint8Array,
			opts: Omit<ExtractOptions, 'onProgress'> = {},
			onProgress?: ExtractOptions['onProgress']
		) => core.extract(bytes, { ...opts, onProgress }),
		split: core.split
	};
}

/** What the page sees through Comlink; the page imports this type and nothing else. */
export type PdfWorkerApi = ReturnType<typeof toWorkerApi>;

/** Runs `read` on page `n` and frees the page; null when pdf.js cannot parse the page. */
async function withPage<T>(
	doc: PdfDocument,
	n: number,
	read: (page: PdfPage) => Promise<T>
): Promise<T | null> {
	let page: PdfPage;
	try {
		page = await doc.getPage(n);
	} catch {
		return null;
	}
	try {
		return await read(page);
	} catch {
		return null;
	} finally {
		page.cleanup();
	}
}

/** Text options: no marked content, and no pdf.js normalisation (we apply NFKC ourselves). */
const TEXT_OPTIONS = { includeMarkedContent: false, disableNormalization: true };

async function pageLinesOf(page: PdfPage): Promise<Line[]> {
	const content = await page.getTextContent(TEXT_OPTIONS);
	const pieces = content.items.flatMap((item) =>
		'str' in item ? [pieceFromItem(item as PdfJsTextItem)] : []
	);
	return buildLines(pieces);
}

/**
 * Whether the page has any visible character. (Reading `streamTextContent` only up to the
 * first character would be cheaper, but cancelling that stream makes pdf.js throw an
 * uncaught "Controller is already closed" in Node.)
 */
async function pageHasText(page: PdfPage): Promise<boolean> {
	const content = await page.getTextContent(TEXT_OPTIONS);
	return content.items.some((item) => 'str' in item && item.str.trim() !== '');
}

async function readMetadata(doc: PdfDocument): Promise<{
	encrypted: boolean;
	title?: string;
	author?: string;
}> {
	const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
	const fields = info as Record<string, unknown>;
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
	const title = text(fields.Title) ?? text(metadata?.get('dc:title'));
	const author = text(fields.Author) ?? text(metadata?.get('dc:creator'));
	return {
		encrypted: Boolean(fields.EncryptFilterName),
		...(title && { title }),
		...(author && { author })
	};
}

/** Calls a progress callback, which may be a Comlink proxy whose port has closed. */
function report(onProgress: ExtractOptions['onProgress'], page: number, total: number): void {
	if (!onProgress) return;
	try {
		const answer: unknown = onProgress(page, total);
		if (answer instanceof Promise) answer.catch(() => {});
	} catch {
		// A failing progress display must not stop the extraction.
	}
}

function everyPageExcluded(): PdfFailure {
	return {
		ok: false,
		code: 'no_text',
		message: 'Every page of this PDF was excluded, so there is no text left to read.'
	};
}

/** A page range outside the document: the caller's bug, so thrown rather than returned. */
export class PageRangeError extends RangeError {
	override name = 'PageRangeError';
}

function assertRangesWithin(ranges: readonly PageRange[], pageCount: number): void {
	for (const [first, last] of ranges) {
		if (last > pageCount) {
			throw new PageRangeError(`Page range [${first}, ${last}] is beyond page ${pageCount}`);
		}
	}
}

/** The parts cut by pdf-lib, or null when pdf-lib cannot read the file. */
async function splitWithPdfLib(
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
	assertRangesWithin(ranges, pageCount);
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

/** Maps a pdf.js exception to a failure. Matched by name: the two builds have distinct classes. */
function failureFrom(error: unknown, stage: PdfStage, pdfjs: PdfJsModule): PdfFailure {
	const { name, code, message } = (error ?? {}) as { name?: string; code?: number; message?: string };
	if (name === 'PasswordException') {
		return code === pdfjs.PasswordResponses.INCORRECT_PASSWORD
			? pdfFailure('wrong_password', stage)
			: pdfFailure('password_required', stage);
	}
	return pdfFailure('damaged', stage, message?.replace(/\.$/u, ''));
}
