// pdf.js's worker code, imported whole by our PDF worker (pdf.worker.ts); pdf.js finds it as
// `globalThis.pdfjsWorker` and reads only `WorkerMessageHandler` from it.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
	export const WorkerMessageHandler: unknown;
}
