/**
 * A child process for node-pdf-runner.ts: runs each PDF it is sent through the Node PDF core
 * (inspect, then extract, as a job does) and answers with the outcome. It runs apart so that a
 * file that loops or kills the process can be stopped and counted without stopping the bench.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { outcomeOfAnswer, type PdfOutcome } from './pdf-outcome.ts';

const core = createNodePdfCore();

async function read(bytes: Uint8Array): Promise<PdfOutcome> {
	try {
		const inspected = await core.inspect(bytes);
		if (!inspected.ok) return outcomeOfAnswer(inspected);
		return outcomeOfAnswer(await core.extract(bytes));
	} catch (error) {
		return { kind: 'exception', message: error instanceof Error ? error.message : String(error) };
	}
}

process.on('message', (msg: { id: number; bytes: Uint8Array }) => {
	const t0 = performance.now();
	void read(new Uint8Array(msg.bytes)).then((outcome) =>
		process.send!({ id: msg.id, outcome: { ...outcome, ms: performance.now() - t0 } })
	);
});
// Warm up first: pdf.js loads its worker code on the first document, which on a busy machine
// takes seconds that the first case's time bound should not pay.
void read(
	new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/mini-novel.pdf')))
).then(() => process.send!({ ready: true }));
