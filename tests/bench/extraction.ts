import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { segmentPages } from '../../src/lib/shared/text/segment.ts';
import { splitMechanically } from '../../src/lib/shared/text/mechanical-split.ts';

const ANCHORS = join(import.meta.dirname, '../../../shared/corpus/ANCHOR_TIMINGS.tsv');

function pdftotextPagesPerSecond(): Map<string, number> {
	const out = new Map<string, number>();
	if (!existsSync(ANCHORS)) return out;
	for (const line of readFileSync(ANCHORS, 'utf8').split('\n').slice(1)) {
		const [file, , , pps] = line.split('\t');
		if (file && pps && !file.startsWith('#')) out.set(file.split('_')[0], Number(pps));
	}
	return out;
}

/** Node extraction pages/s (median of 3) against pdftotext, then segmentation and mechanical split speed. */
export async function benchExtraction(books: { name: string; path: string }[]) {
	const core = createNodePdfCore();
	const anchors = pdftotextPagesPerSecond();
	for (const book of books) {
		const bytes = new Uint8Array(readFileSync(book.path));
		const times: number[] = [];
		let pages: string[] = [];
		let heap = 0;
		for (let k = 0; k < 3; k++) {
			const t0 = performance.now();
			const res = await core.extract(bytes.slice());
			times.push(performance.now() - t0);
			heap = Math.max(heap, process.memoryUsage().heapUsed);
			if (!res.ok) throw new Error(`${book.name}: ${res.message}`);
			pages = res.pages;
		}
		times.sort((a, b) => a - b);
		const pps = pages.length / (times[1] / 1000);
		const anchor = anchors.get(book.name.split(' ')[0].split('-')[0]);
		console.log(
			`extract (node): ${book.name}: ${pps.toFixed(0)} pages/s (${(times[1] / 1000).toFixed(2)} s)` +
				(anchor ? `; pdftotext ${anchor} pages/s` : '') +
				`; heap ${(heap / 1024 / 1024).toFixed(0)} MB`
		);
		const t1 = performance.now();
		const sentences = segmentPages(pages);
		const tSeg = performance.now() - t1;
		const t2 = performance.now();
		let pieces = 0;
		for (const s of sentences) pieces += splitMechanically(s.text, 8).length;
		const tSplit = performance.now() - t2;
		console.log(
			`text: ${book.name}: ${sentences.length} sentences segmented in ${tSeg.toFixed(0)} ms; mechanical split to ${pieces} pieces in ${tSplit.toFixed(0)} ms (${((sentences.length / tSplit) * 1000).toFixed(0)} sentences/s)`
		);
	}
}
