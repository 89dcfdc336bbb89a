/**
 * Page rendering inside the PDF module worker, where there is no document: pdf.js's defaults
 * (DOMCanvasFactory, DOMFilterFactory, FontFace rules in a <style>) all reach for
 * `document`, so each is replaced here. Only pdf.worker.ts imports this file.
 */
import type { RenderEnvironment } from './page-render.ts';

/**
 * pdf.js's standard fonts (the 14 base fonts a PDF may use without embedding them), as
 * bundled asset URLs. Vite emits them next to the worker; the worker fetches one only
 * when a page uses it. Offline and not yet cached, pdf.js falls back to the system's fonts.
 */
const standardFonts = import.meta.glob('/node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
	query: '?url',
	import: 'default',
	eager: true
}) as Record<string, string>;
const standardFontUrls = new Map(
	Object.entries(standardFonts).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url])
);

/** Scratch canvases (masks, patterns, groups) for pdf.js, as OffscreenCanvas. */
class OffscreenCanvasFactory {
	create(width: number, height: number) {
		if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
		const canvas = new OffscreenCanvas(width, height);
		return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
	}
	reset(target: { canvas: OffscreenCanvas | null }, width: number, height: number) {
		if (!target.canvas) throw new Error('Canvas is not specified');
		if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
		target.canvas.width = width;
		target.canvas.height = height;
	}
	destroy(target: { canvas: OffscreenCanvas | null; context: unknown }) {
		if (!target.canvas) throw new Error('Canvas is not specified');
		target.canvas.width = target.canvas.height = 0;
		target.canvas = null;
		target.context = null;
	}
}

/**
 * pdf.js builds transfer-function, luminosity-mask and high-contrast filters as SVG in the
 * document. Without one, "none" leaves them out, which pdf.js's own BaseFilterFactory does:
 * rare in books (luminosity soft masks and transfer functions), and the page still draws.
 */
class NoFilterFactory {
	addFilter() {
		return 'none';
	}
	addHCMFilter() {
		return 'none';
	}
	addAlphaFilter() {
		return 'none';
	}
	addLuminosityFilter() {
		return 'none';
	}
	addHighlightHCMFilter() {
		return 'none';
	}
	destroy() {}
}

/**
 * Fetches standard fonts from their bundled URLs, for pdf.js's in-process worker code (which
 * asks for them by file name). CMaps and the wasm image decoders are not bundled.
 */
class BundledDataFactory {
	async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
		const url = kind === 'standardFontDataUrl' ? standardFontUrls.get(filename) : undefined;
		if (!url) throw new Error(`No bundled ${kind} file ${filename}`);
		const response = await fetch(url);
		if (!response.ok) throw new Error(`Unable to load ${url}: ${response.status}`);
		return new Uint8Array(await response.arrayBuffer());
	}
}

/** Rendering on OffscreenCanvas, for the PDF worker. */
export const offscreenRender: RenderEnvironment<OffscreenCanvas> = {
	documentParams: {
		CanvasFactory: OffscreenCanvasFactory,
		FilterFactory: NoFilterFactory,
		BinaryDataFactory: BundledDataFactory,
		// No FontFace: glyphs are drawn as paths from the font programs (FontFace rules would
		// need a <style> element). Images decode to ImageBitmap on OffscreenCanvas.
		disableFontFace: true,
		isOffscreenCanvasSupported: true,
		// pdf.js checks `globalThis.chrome` to keep ImageDecoder off in Chromium, and a worker
		// has no `chrome`: say it here.
		isImageDecoderSupported: false
	},
	createCanvas: (width, height) => new OffscreenCanvas(width, height),
	encode: (canvas, type) => canvas.convertToBlob({ type }),
	release(canvas) {
		canvas.width = canvas.height = 0;
	}
};
