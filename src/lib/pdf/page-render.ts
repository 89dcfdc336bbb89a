/**
 * Draws one pdf.js page into an image. The canvas comes from a RenderEnvironment, because
 * where it comes from depends on the runtime: an OffscreenCanvas in the browser's worker
 * (offscreen-render.ts), @napi-rs/canvas in Node (pdf-core-node.ts).
 */
import type { PDFPageProxy } from 'pdfjs-dist';
import { canvasSize, renderScale, type RenderSize } from './page-scale.ts';

/** The part of a canvas that rendering uses; OffscreenCanvas and @napi-rs/canvas both fit. */
export interface RenderCanvas {
	width: number;
	height: number;
}

/** Image formats a rendered page can be encoded to. */
export type PageImageType = 'image/png' | 'image/webp';

/** What one runtime provides for rendering. */
export interface RenderEnvironment<C extends RenderCanvas = RenderCanvas> {
	/**
	 * Extra `getDocument` parameters for rendering here (canvas, filter and font-data
	 * factories, font options). Extraction does not use them.
	 */
	documentParams: Record<string, unknown>;
	/** A blank canvas of this size. */
	createCanvas(width: number, height: number): C;
	/** The canvas encoded as an image file. */
	encode(canvas: C, type: PageImageType): Promise<Blob>;
	/** Frees the canvas's pixels now rather than at garbage collection. */
	release?(canvas: C): void;
}

/** Options of a page render. */
export interface RenderPageOptions extends RenderSize {
	password?: string;
	/** Default 'image/png': lossless, so thin type stays sharp. */
	type?: PageImageType;
}

/** A rendered page: the encoded image and its size in pixels and in PDF points. */
export interface PageImage {
	image: Blob;
	/** Pixel size of the image. */
	width: number;
	height: number;
	/** Size of the page as displayed (rotation applied), in PDF points. */
	pageWidth: number;
	pageHeight: number;
}

/** Renders `page` (on pdf.js's default white background) at the size asked for, then encodes it. */
export async function renderPageImage<C extends RenderCanvas>(
	page: PDFPageProxy,
	env: RenderEnvironment<C>,
	options: RenderPageOptions = {}
): Promise<PageImage> {
	const natural = page.getViewport({ scale: 1 });
	const scale = renderScale(natural.width, natural.height, options);
	const viewport = page.getViewport({ scale });
	const { width, height } = canvasSize(viewport.width, viewport.height);
	const canvas = env.createCanvas(width, height);
	try {
		// pdf.js types `canvas` as an HTMLCanvasElement; it only calls getContext('2d') on it.
		await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
		const image = await env.encode(canvas, options.type ?? 'image/png');
		return { image, width, height, pageWidth: natural.width, pageHeight: natural.height };
	} finally {
		env.release?.(canvas);
	}
}
