/**
 * The PDF module worker: pdf-core on pdf.js's modern build, exposed through Comlink.
 * Only pdf-bridge.ts starts it; the page never imports this file.
 */
import * as Comlink from 'comlink';
import * as pdfjs from 'pdfjs-dist';
import * as pdfjsWorker from 'pdfjs-dist/build/pdf.worker.min.mjs';
import { packedBuffers } from './line-pack.ts';
import { offscreenRender } from './offscreen-render.ts';
import { createPdfCore, toWorkerApi } from './pdf-core.ts';

// pdf.js cannot start its own worker from inside ours, so it runs its worker code in-process
// ("Setting up fake worker" in the console): we are off the page already. That code comes in
// with this module, found by pdf.js as `globalThis.pdfjsWorker`, so it loads while the worker
// starts rather than by a second import after the first document is opened, and no
// `workerSrc` is needed.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

// No standard-font or CMap URLs: text extraction does not read standard fonts (the corpus
// extracts identically without them), and only CJK fonts with predefined CMaps need CMaps.
// Serve node_modules/pdfjs-dist/cmaps/ and pass `cMapUrl` here if that ever matters.
// Rendering fetches the standard fonts through offscreenRender's own data factory.
const api = toWorkerApi(createPdfCore(pdfjs, { render: offscreenRender }));

Comlink.expose({
	...api,
	/** Hands the packed lines' buffers over to the page instead of copying them. */
	async extractLines(...args: Parameters<typeof api.extractLines>) {
		const result = await api.extractLines(...args);
		return result.ok ? Comlink.transfer(result, packedBuffers(result.lines)) : result;
	},
	/** Hands the parts' buffers over to the page instead of copying them. */
	async split(...args: Parameters<typeof api.split>) {
		const result = await api.split(...args);
		if (!result.ok) return result;
		const buffers = new Set(result.parts.map((part) => part.buffer as ArrayBuffer));
		return Comlink.transfer(result, [...buffers]);
	}
});
