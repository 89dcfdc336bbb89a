// pdftotext (poppler-utils), the bar the extraction figures are measured against: timed in
// the same run, so that both suffer the same machine load.
import { spawnSync } from 'node:child_process';

/** Median wall time in ms of `pdftotext file -` over `runs` runs, or undefined when pdftotext is missing. */
export function pdftotextMs(file: string, runs = 3): number | undefined {
	const times: number[] = [];
	for (let k = 0; k < runs; k++) {
		const t0 = performance.now();
		const r = spawnSync('pdftotext', [file, '-'], { maxBuffer: 64 * 1024 * 1024 });
		if (r.error || r.status !== 0) return undefined;
		times.push(performance.now() - t0);
	}
	return median(times);
}

/** The middle value (the lower middle for an even count). */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The short name a figure uses for a book: "germinal (573 p.)" → "germinal". */
export function bookKey(name: string): string {
	return name.split(' ')[0];
}
