// The bench's output: bench/results.json (the figures as recorded) and docs/benchmarks.md (the
// same figures as a table a reader can scan). The table is built by a pure function so the
// smoke test can check it without running the bench.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { BenchFigure } from './results.ts';

/** Where a run happened, for the table's header. */
export interface BenchMachine {
	cores: number;
	memoryGb: number;
	node: string;
	/** e.g. "Chromium 156.0.8078.114", or "missing" when no browser was found. */
	chromium: string;
	/** e.g. "pdftotext 22.12.0", or "missing". */
	pdftotext: string;
	/** Whether ../shared/corpus was there (the larger books and the tricky files). */
	corpus: boolean;
}

/** A bench part that threw: it recorded nothing (or only part of its figures). */
export interface FailedPart {
	part: string;
	error: string;
}

/** What a run knows about its machine; never throws, says "missing" instead. */
export function describeMachine(chromiumPath: string, corpus: boolean): BenchMachine {
	const version = (cmd: string, args: string[]) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
		const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').find((l) => /\d+\.\d+/.test(l));
		return r.error || !out ? 'missing' : out.trim();
	};
	return {
		cores: cpus().length,
		memoryGb: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		chromium: version(chromiumPath, ['--version']).replace(/\s+built on.*$/u, ''),
		pdftotext: version('pdftotext', ['-v']).replace(/^pdftotext version /u, 'pdftotext '),
		corpus
	};
}

/** The group a figure belongs to: the first part of its dotted name. */
function groupOf(name: string): string {
	return name.split('.')[0];
}

function formatValue(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	if (Number.isInteger(value)) return String(value);
	return String(+value.toPrecision(Math.abs(value) >= 100 ? 4 : 3));
}

const cell = (text: string) => text.replace(/\|/gu, '\\|').replace(/\n/gu, ' ');

/** docs/benchmarks.md: one table per group, in the order the groups were first recorded. */
export function benchmarksMarkdown(
	figures: readonly BenchFigure[],
	machine: BenchMachine,
	date: Date,
	failed: readonly FailedPart[] = [],
	partsRun: readonly string[] = []
): string {
	const groups = new Map<string, BenchFigure[]>();
	for (const f of figures) {
		const g = groupOf(f.name);
		groups.set(g, [...(groups.get(g) ?? []), f]);
	}
	const lines = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (tests/bench/run.ts); the same figures are in',
		'`bench/results.json`. Measured, never asserted: the reference column says what a figure',
		'is compared with or must stay under.',
		'',
		`- Date: ${date.toISOString().replace(/\.\d+Z$/u, 'Z')}`,
		`- Machine: ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.chromium}`,
		`- References: ${machine.pdftotext === 'missing' ? 'pdftotext missing (apt-get install poppler-utils)' : machine.pdftotext}; ` +
			`corpus ${machine.corpus ? 'present (../shared/corpus)' : 'missing (../shared/corpus): fixtures only'}`
	];
	if (partsRun.length) lines.push(`- Parts run: ${partsRun.join(', ')}`);
	for (const [group, list] of groups) {
		lines.push('', `## ${group}`, '', '| Figure | Value | Unit | Reference or goal |');
		lines.push('|---|---:|---|---|');
		for (const f of list) {
			lines.push(
				`| \`${f.name}\` | ${formatValue(f.value)} | ${cell(f.unit)} | ${cell(f.reference)} |`
			);
		}
	}
	if (!figures.length) lines.push('', 'No figure was recorded in this run.');
	if (failed.length) {
		lines.push('', '## Parts that failed', '', 'They recorded nothing after the error.', '');
		for (const f of failed) lines.push(`- **${f.part}**: ${cell(f.error)}`);
	}
	return lines.join('\n') + '\n';
}

/** Writes both files, making their folders; JSON keeps NaN out (as null). */
export function writeResults(
	paths: { json: string; markdown: string },
	figures: readonly BenchFigure[],
	machine: BenchMachine,
	date: Date,
	failed: readonly FailedPart[] = [],
	partsRun: readonly string[] = []
): void {
	const json = figures.map(({ name, value, unit, reference }) => ({
		name,
		value: Number.isFinite(value) ? value : null,
		unit,
		reference
	}));
	mkdirSync(dirname(paths.json), { recursive: true });
	mkdirSync(dirname(paths.markdown), { recursive: true });
	writeFileSync(paths.json, JSON.stringify(json, null, '\t') + '\n');
	writeFileSync(paths.markdown, benchmarksMarkdown(figures, machine, date, failed, partsRun));
}
