// The figures `npm run bench` keeps: every bench part records its numbers here, and run.ts
// writes them to bench/results.json (an array of {name, value, unit, reference}) and
// docs/benchmarks.md at the end. Names are stable and dotted, e.g. `relay.overhead_p50_ms`.
export interface BenchFigure {
	/** Stable dotted name, e.g. `extraction.chromium.ratio_vs_pdftotext.germinal`. */
	name: string;
	value: number;
	/** `ms`, `s`, `MB`, `KB`, `ratio`, `count`, `pages/s`, `score`… */
	unit: string;
	/** What the value is measured against or must stay under, in words: `≤ 3 (goal)`, `pdftotext 1.04 s`. */
	reference: string;
}

const figures: BenchFigure[] = [];

/** Keeps one figure; a later figure of the same name replaces the earlier one. */
export function record(name: string, value: number, unit: string, reference = ''): void {
	const i = figures.findIndex((f) => f.name === name);
	const figure = { name, value: Number.isFinite(value) ? value : NaN, unit, reference };
	if (i >= 0) figures[i] = figure;
	else figures.push(figure);
	console.log(`  ${name} = ${value} ${unit}${reference ? `  (${reference})` : ''}`);
}

export function recorded(): readonly BenchFigure[] {
	return figures;
}
