/**
 * The PDF core for Node (tests, the CLI, benchmarks): pdf.js's legacy build, which brings the
 * polyfills Node 20 lacks, with its standard fonts and CMaps read from node_modules.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createPdfCore, type PdfCore, type PdfCoreOptions } from './pdf-core.ts';

/** The pdfjs-dist folder; pdf.js in Node reads these paths with fs, so they end in "/". */
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** A PDF core running in this Node process. */
export function createNodePdfCore(options: Pick<PdfCoreOptions, 'maxBytes'> = {}): PdfCore {
	return createPdfCore(pdfjs, {
		standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
		cMapUrl: join(pdfjsDir, 'cmaps') + '/',
		...options
	});
}
