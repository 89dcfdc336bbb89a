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
import { packLines, unpackLines, type PackedLines } from './line-pack.ts';
import { renderPageImage, type RenderEnvironment, type RenderPageOptions } from './page-render.ts';
import { checkPdfBytes } from './pdf-bytes.ts';
import {
	checkRanges,
	PageRangeError,
	splitWithPdfJs,
	splitWithPdfLib,
	type PageRange
} from './pdf-split.ts';
import {
	pdfFailure,
	type ExtractResult,
	type InspectResult,
	type PdfFailure,
	type PdfStage,
	type RenderResult,
	type SplitResult
} from './pdf-result.ts';

export type * from './pdf-result.ts';
export { PageRangeError, type PageRange };
export type { PageImageType, RenderPageOptions } from './page-render.ts';

/**
 * pdf.js as imported: `pdfjs-dist` in the browser, `pdfjs-dist/legacy/build/pdf.mjs` in Node.
 * (Without `default`, which TypeScript adds to the CommonJS-looking typings under NodeNext.)
 */
export type PdfJsModule = Omit<typeof PdfJs, 'default'>;
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
	/** How this runtime draws pages; without it `renderPage` throws. */
	render?: RenderEnvironment;
}

export interface ExtractOptions {
	password?: string;
	/** Called after each page: (1-based page, page count). */
	onProgress?: (page: number, total: number) => void;
	/** 1-based pages to leave out (front and back matter); they come back as "". */
	excludePages?: number[];
	/**
	 * Answer a PDF without any text layer with its empty pages rather than `no_text`: an AI
	 * job has Gemini read page images itself.
	 */
	allowNoText?: boolean;
}

export interface SplitOptions {
	/** The password, for an encrypted PDF that needs one to open. */
	password?: string;
}

export const DEFAULT_MAX_BYTES = 200_000_000;

/** Creates the worker API on top of one pdf.js module. */
export function createPdfCore(pdfjs: PdfJsModule, options: PdfCoreOptions = {}) {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

	/** Opens the document, or says why it cannot be opened. */
	async function open(
		bytes: Uint8Array,
		password: string | undefined,
		stage: PdfStage,
		extraParams: Record<string, unknown> = {}
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
			verbosity: pdfjs.VerbosityLevel.ERRORS,
			...extraParams
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

	/**
	 * The rebuilt lines of part `part` of `parts` equal page ranges (all pages by default),
	 * packed for transfer; `assembleBook` turns the parts into the book's text. Several
	 * workers read the parts of a long book at once. The first part carries the metadata.
	 */
	async function extractLines(
		bytes: Uint8Array,
		opts: Omit<ExtractOptions, 'allowNoText'> & PartOptions = {}
	): Promise<LinesResult> {
		const opened = await open(bytes, opts.password, 'extract');
		if ('ok' in opened) return opened;
		const { doc, close } = opened;
		try {
			const total = doc.numPages;
			if (total === 0) return pdfFailure('damaged', 'extract', 'it has no pages');
			const { part = 0, parts = 1 } = opts;
			const first = Math.floor((part * total) / parts) + 1;
			const last = Math.floor(((part + 1) * total) / parts);
			const excluded = new Set(opts.excludePages ?? []);
			const pageLines: (Line[] | null)[] = [];
			let unreadable = 0;
			for (let n = first; n <= last; n++) {
				const lines = excluded.has(n) ? null : await withPage(doc, n, pageLinesOf);
				if (!excluded.has(n) && lines === null) unreadable++;
				pageLines.push(lines);
				report(opts.onProgress, n, total);
			}
			const metadata = part === 0 ? await readMetadata(doc) : {};
			const { title, author } = metadata as { title?: string; author?: string };
			return {
				ok: true,
				pageCount: total,
				firstPage: first,
				unreadable,
				lines: packLines(pageLines),
				...(title && { title }),
				...(author && { author })
			};
		} catch (error) {
			return failureFrom(error, 'extract', pdfjs);
		} finally {
			await close();
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
				return {
					ok: true,
					pageCount: doc.numPages,
					textPages,
					imagePages,
					damagedPages,
					...metadata
				};
			} catch (error) {
				return failureFrom(error, 'open', pdfjs);
			} finally {
				await close();
			}
		},

		/** The body text of every page; see book-text.ts for what a page's text holds. */
		async extract(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractResult> {
			const read = await extractLines(bytes, opts);
			return read.ok ? assembleBook([read], opts) : read;
		},

		extractLines,

		/** The book's text from the lines of all its parts (see `extractLines`). */
		assemble(parts: LinesPart[], opts: Pick<ExtractOptions, 'excludePages' | 'allowNoText'> = {}) {
			return assembleBook(parts, opts);
		},

		/**
		 * Cuts 1-based inclusive page ranges out into small PDFs (pdf-split.ts). The parts of
		 * an encrypted PDF keep its encryption: they open as the original does, with its
		 * password if it needed one. A range outside the document throws a PageRangeError.
		 */
		async split(
			bytes: Uint8Array,
			ranges: PageRange[],
			opts: SplitOptions = {}
		): Promise<SplitResult> {
			const invalid = checkPdfBytes(bytes, maxBytes, 'split');
			if (invalid) return invalid;
			checkRanges(ranges);
			const parts = await splitWithPdfLib(bytes, ranges);
			if (parts) return { ok: true, parts };
			const opened = await open(bytes, opts.password, 'split');
			if ('ok' in opened) return opened;
			try {
				return { ok: true, parts: await splitWithPdfJs(opened.doc, ranges) };
			} catch (error) {
				if (error instanceof PageRangeError) throw error;
				return failureFrom(error, 'split', pdfjs);
			} finally {
				await opened.close();
			}
		},

		/**
		 * Draws 1-based page `pageNumber` as an image (page-render.ts), at `opts.width` device
		 * pixels or `opts.scale`. A page outside the document throws a PageRangeError.
		 */
		async renderPage(
			source: Uint8Array | Blob,
			pageNumber: number,
			opts: RenderPageOptions = {}
		): Promise<RenderResult> {
			const env = options.render;
			if (!env) throw new Error('This PDF core was made without a render environment.');
			// A Blob crosses to the worker without copying its bytes; read them only here.
			const bytes =
				source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
			const opened = await open(bytes, opts.password, 'render', env.documentParams);
			if ('ok' in opened) return opened;
			const { doc, close } = opened;
			try {
				const pageCount = doc.numPages;
				if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pageCount) {
					throw new PageRangeError(`Page ${pageNumber} is not in this ${pageCount}-page PDF.`);
				}
				// Not withPage: its null would hide why drawing failed, and the message says it.
				const page = await doc.getPage(pageNumber);
				try {
					const drawn = await renderPageImage(page, env, opts);
					return { ok: true, ...drawn, page: pageNumber, pageCount };
				} finally {
					page.cleanup();
				}
			} catch (error) {
				if (error instanceof PageRangeError) throw error;
				return failureFrom(error, 'render', pdfjs);
			} finally {
				await close();
			}
		}
	};
}

/** Which of `parts` equal page ranges to read (0-based). */
export interface PartOptions {
	part?: number;
	parts?: number;
}

/** The lines of one part of a book, as `extractLines` returns them. */
export interface LinesPart {
	ok: true;
	pageCount: number;
	/** The part's first page, 1-based. */
	firstPage: number;
	/** Pages of the part that pdf.js could not parse (not counting excluded ones). */
	unreadable: number;
	lines: PackedLines;
	title?: string;
	author?: string;
}

export type LinesResult = LinesPart | PdfFailure;

/**
 * The book's text from the lines of its parts, in any order: the same answer `extract`
 * gives, so reading a book in parts changes nothing in its text.
 */
export function assembleBook(
	parts: readonly LinesPart[],
	opts: Pick<ExtractOptions, 'excludePages' | 'allowNoText'> = {}
): ExtractResult {
	const sorted = [...parts].sort((a, b) => a.firstPage - b.firstPage);
	const total = sorted[0].pageCount;
	const pageLines = sorted.flatMap((part) => unpackLines(part.lines));
	if (pageLines.length !== total) {
		return pdfFailure('damaged', 'extract', 'some pages were not read');
	}
	const unreadable = sorted.reduce((n, part) => n + part.unreadable, 0);
	const excluded = new Set(opts.excludePages ?? []);
	const included = total - [...excluded].filter((n) => n >= 1 && n <= total).length;
	if (included === 0) return everyPageExcluded();
	if (unreadable === included) return pdfFailure('damaged', 'extract', 'no page could be read');
	const pages = buildBookText(pageLines);
	const emptyPages = pages.flatMap((text, i) =>
		text === '' && !excluded.has(i + 1) ? [i + 1] : []
	);
	if (emptyPages.length === included && !opts.allowNoText) {
		return pdfFailure('no_text', 'extract');
	}
	const { title, author } = sorted.find((part) => part.firstPage === 1) ?? {};
	return {
		ok: true,
		pages,
		pageCount: total,
		emptyPages,
		...(title && { title }),
		...(author && { author })
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
		extractLines: (
			bytes: Uint8Array,
			opts: Omit<ExtractOptions, 'onProgress' | 'allowNoText'> & PartOptions = {},
			onProgress?: ExtractOptions['onProgress']
		) => core.extractLines(bytes, { ...opts, onProgress }),
		assemble: core.assemble,
		split: core.split,
		renderPage: core.renderPage
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

/** Maps a pdf.js exception to a failure. Matched by name: the two builds have distinct classes. */
function failureFrom(error: unknown, stage: PdfStage, pdfjs: PdfJsModule): PdfFailure {
	const { name, code, message } = (error ?? {}) as {
		name?: string;
		code?: number;
		message?: string;
	};
	if (name === 'PasswordException') {
		return code === pdfjs.PasswordResponses.INCORRECT_PASSWORD
			? pdfFailure('wrong_password', stage)
			: pdfFailure('password_required', stage);
	}
	return pdfFailure('damaged', stage, message?.replace(/\.$/u, ''));
}
