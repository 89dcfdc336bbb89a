import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endedWell, outcomeOfCli } from '../bench/pdf-outcome.ts';
import type { BenchFigure } from '../bench/results.ts';
import { benchmarksMarkdown, writeResults, type BenchMachine } from '../bench/write-results.ts';

const machine: BenchMachine = {
	cores: 2,
	memoryGb: 8,
	node: 'v20.20.2',
	chromium: 'Chromium 156.0.8078.114',
	pdftotext: 'missing',
	corpus: false
};
const figures: BenchFigure[] = [
	{ name: 'relay.overhead_p50_ms', value: 1.234, unit: 'ms', reference: '≤ 2 ms (goal)' },
	{ name: 'fuzz.crashes', value: 0, unit: 'count', reference: '0 (goal)' },
	{ name: 'relay.throughput_vs_direct', value: 0.91, unit: 'ratio', reference: '≥ 0.8 | direct' },
	{ name: 'tokens.input_per_source', value: NaN, unit: 'ratio', reference: '' }
];
const date = new Date('2026-12-02T15:00:00.000Z');

describe('benchmarksMarkdown', () => {
	const md = benchmarksMarkdown(figures, machine, date, [
		{ part: 'lighthouse', error: 'no Chrome' }
	]);

	it('groups figures by the first part of their name, in the order first recorded', () => {
		expect(md.indexOf('## relay')).toBeLessThan(md.indexOf('## fuzz'));
		expect(md.indexOf('## fuzz')).toBeLessThan(md.indexOf('## tokens'));
		const relay = md.slice(md.indexOf('## relay'), md.indexOf('## fuzz'));
		expect(relay).toContain('`relay.overhead_p50_ms` | 1.23 | ms | ≤ 2 ms (goal) |');
		expect(relay).toContain('`relay.throughput_vs_direct` | 0.91 | ratio | ≥ 0.8 \\| direct |');
	});

	it('names the date, the machine and the missing references', () => {
		expect(md).toContain('Date: 2026-12-02T15:00:00Z');
		expect(md).toContain('2 cores, 8 GB, Node v20.20.2, Chromium 156.0.8078.114');
		expect(md).toContain('pdftotext missing');
		expect(md).toContain('corpus missing');
	});

	it('shows a value that could not be measured as n/a, and lists the parts that failed', () => {
		expect(md).toContain('`tokens.input_per_source` | n/a |');
		expect(md).toContain('- **lighthouse**: no Chrome');
	});
});

describe('writeResults', () => {
	it('writes the figures as an array of {name, value, unit, reference}, NaN as null', () => {
		const dir = mkdtempSync(join(tmpdir(), 'fnt-bench-out-'));
		const paths = { json: join(dir, 'bench/results.json'), markdown: join(dir, 'docs/b.md') };
		writeResults(paths, figures, machine, date);
		const json = JSON.parse(readFileSync(paths.json, 'utf8'));
		expect(json).toHaveLength(4);
		expect(json[0]).toEqual({
			name: 'relay.overhead_p50_ms',
			value: 1.234,
			unit: 'ms',
			reference: '≤ 2 ms (goal)'
		});
		expect(json[3].value).toBeNull();
		expect(readFileSync(paths.markdown, 'utf8')).toContain('## fuzz');
	});
});

describe('outcomeOfCli', () => {
	const base = { status: 0, signal: null, stderr: '', timedOut: false, ms: 100 };

	it('counts a written result and a one-line message as ending well', () => {
		expect(endedWell(outcomeOfCli(base))).toBe(true);
		const damaged = outcomeOfCli({
			...base,
			status: 1,
			stderr: 'fnt: x.pdf: This PDF is damaged.\n'
		});
		expect(damaged).toEqual({
			kind: 'failure',
			code: 'exit 1',
			message: 'x.pdf: This PDF is damaged.'
		});
		expect(endedWell(damaged)).toBe(true);
	});

	it('counts an unexpected error, a stack trace, a signal and a timeout as not ending well', () => {
		const unexpected = outcomeOfCli({
			...base,
			status: 1,
			stderr: 'fnt: unexpected error: boom\n'
		});
		expect(unexpected.kind).toBe('exception');
		const stack = outcomeOfCli({
			...base,
			status: 1,
			stderr: 'TypeError: boom\n    at main (fnt.ts:1:1)\n'
		});
		expect(stack.kind).toBe('crash');
		expect(outcomeOfCli({ ...base, status: null, signal: 'SIGSEGV' }).kind).toBe('crash');
		expect(outcomeOfCli({ ...base, status: null, timedOut: true, ms: 30_000 })).toEqual({
			kind: 'hang',
			afterMs: 30_000
		});
		for (const o of [unexpected, stack]) expect(endedWell(o)).toBe(false);
	});
});
