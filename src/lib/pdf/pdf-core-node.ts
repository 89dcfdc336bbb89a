/**
 * The PDF core for Node (tests, the CLI, benchmarks): pdf.js's legacy build, which brings the
 * polyfills Node 20 lacks, with its standard fonts and CMaps read from node_modules.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Canvas } from '@napi-rs/canvas';
import type { RenderEnvironment } from './page-render.ts';
import { createPdfCore, type PdfCore, type PdfCoreOptions } from './pdf-core.ts';

const require = createRequire(import.meta.url);

/** The pdfjs-dist folder; pdf.js in Node reads these paths with fs, so they end in "/". */
const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * Pages drawn on @napi-rs/canvas, pdf.js's own canvas in Node (an optional dependency of
 * pdfjs-dist, loaded on the first render only, so extraction runs without it). pdf.js's
 * NodeCanvasFactory makes its scratch canvases with the same package.
 */
const nodeRender: RenderEnvironment<Canvas> = {
	documentParams: {},
	createCanvas(width, height) {
		const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
		return createCanvas(width, height);
	},
	async encode(canvas, type) {
		const bytes =
			type === 'image/webp' ? await canvas.encode('webp', 92) : await canvas.encode('png');
		return new Blob([new Uint8Array(bytes)], { type });
	},
	release(canvas) {
		canvas.width = canvas.height = 0;
	}
};

let rejectionGuard = false;

/**
 * In Node, pdf.js runs its worker code in this process ("fake worker"). On some damaged files
 * that code rejects a promise of its own that nothing awaits (the fuzz bench found one: a bit
 * flip in a Pages tree gives "Bad (uncompressed) XRef entry" right after the document opens),
 * and Node's default for an unhandled rejection is to kill the process, after the CLI has
 * already answered. In a browser the same rejection only reaches the worker's console. So
 * pdf.js's own exceptions are dropped here, and any other unhandled rejection still ends the
 * process as it would have.
 */
function dropPdfJsWorkerRejections(): void {
	if (rejectionGuard) return;
	rejectionGuard = true;
	process.on('unhandledRejection', (reason) => {
		const stack = reason instanceof Error ? (reason.stack ?? '') : '';
		if (/pdfjs-dist[\\/]legacy[\\/]build[\\/]pdf\.worker\.mjs/u.test(stack)) return;
		throw reason;
	});
}

/** A PDF core running in this Node process. */
export function createNodePdfCore(options: Pick<PdfCoreOptions, 'maxBytes'> = {}): PdfCore {
	dropPdfJsWorkerRejections();
	return createPdfCore(pdfjs, {
		standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
		cMapUrl: join(pdfjsDir, 'cmaps') + '/',
		render: nodeRender,
		...options
	});
}
