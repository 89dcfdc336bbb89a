/**
 * Fuzzing: a few hundred damaged copies of the fixtures (pdf-mutations.ts, fixed seed), each
 * read by the Node PDF core in a child process and by the app's PDF worker in Chromium, each
 * bounded in time. Counts crashes (the process died, the tab crashed) and hangs (still
 * running at the bound); prints every case that broke something, with the number that makes
 * it again. A whole run is bounded too: past the budget, no new case starts.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { chromiumPdfRunner } from './chromium-pdf-runner.ts';
import { nodePdfRunner } from './node-pdf-runner.ts';
import { describeOutcome, type TimedOutcome } from './pdf-outcome.ts';
import { fuzzCase, type FuzzCase } from './pdf-mutations.ts';
import { record } from './results.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures');

/** The run's seed: the same cases on every machine. */
export const FUZZ_SEED = 20261202;

/** Fixtures worth damaging: real PDFs up to 100 KB (the larger ones only slow the run). */
export function fuzzFixtures(): { name: string; bytes: Uint8Array }[] {
	return readdirSync(FIXTURES)
		.filter((f) => f.endsWith('.pdf'))
		.sort()
		.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }))
		.filter(({ bytes }) => bytes.length > 0 && bytes.length <= 100_000)
		.filter(({ bytes }) => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-'));
}

/** A case and how each path ended. */
export interface FuzzRow {
	case: Omit<FuzzCase, 'bytes'>;
	node: TimedOutcome;
	chromium: TimedOutcome;
}

const broke = (o: TimedOutcome) => o.kind === 'crash' || o.kind === 'hang';

/** Runs the fuzz cases on both paths and records the counts; returns the rows. */
export async function benchFuzz(
	opts: { cases?: number; seed?: number; hangMs?: number; budgetMs?: number } = {}
): Promise<FuzzRow[]> {
	const count = opts.cases ?? Number(process.env.FNT_FUZZ_CASES ?? 300);
	const seed = opts.seed ?? FUZZ_SEED;
	const hangMs = opts.hangMs ?? 20_000;
	const budgetMs = opts.budgetMs ?? Number(process.env.FNT_FUZZ_BUDGET_S ?? 900) * 1000;
	const fixtures = fuzzFixtures();
	const build = process.env.FNT_BUILD_DIR ?? join(ROOT, 'build');
	const rows: FuzzRow[] = [];
	const node = nodePdfRunner();
	const [browser, stack] = await Promise.all([launchChromium(), startStack({ ai: false })]);
	const t0 = performance.now();
	try {
		const chromium = await chromiumPdfRunner(browser, stack.relay.url, build);
		try {
			for (let i = 0; i < count && performance.now() - t0 < budgetMs; i++) {
				const c = fuzzCase(fixtures, seed, i);
				const [n, b] = await Promise.all([
					node.run(c.bytes, hangMs),
					chromium.run(c.bytes, hangMs)
				]);
				const { bytes, ...about } = c;
				rows.push({ case: about, node: n, chromium: b });
				if (broke(n) || broke(b)) {
					// Kept for a look in a PDF reader or a debugger; the number alone makes it again.
					const dir = join(tmpdir(), 'fnt-fuzz');
					mkdirSync(dir, { recursive: true });
					writeFileSync(join(dir, `case-${seed}-${i}.pdf`), bytes);
				}
			}
		} finally {
			await chromium.close();
		}
	} finally {
		node.close();
		await browser.close();
		await stack.close();
	}
	const elapsed = (performance.now() - t0) / 1000;
	const all = rows.flatMap((r) => [r.node, r.chromium]);
	const kinds = (kind: TimedOutcome['kind']) => all.filter((o) => o.kind === kind).length;
	for (const r of rows.filter(
		(r) =>
			broke(r.node) ||
			broke(r.chromium) ||
			r.node.kind === 'exception' ||
			r.chromium.kind === 'exception'
	)) {
		console.log(
			`fuzz case ${r.case.index} (${r.case.fixture}, ${r.case.mutations.join('+')}):` +
				`\n    node ${describeOutcome(r.node).slice(0, 160)}\n    chromium ${describeOutcome(r.chromium).slice(0, 160)}`
		);
	}
	const slowest = rows
		.flatMap((r) => [
			{ r, path: 'node', o: r.node },
			{ r, path: 'chromium', o: r.chromium }
		])
		.filter((x) => x.o.kind !== 'hang')
		.sort((a, b) => b.o.ms - a.o.ms)[0];
	if (slowest) {
		const { r, path, o } = slowest;
		console.log(
			`fuzz: slowest run: case ${r.case.index} (${r.case.fixture}, ${r.case.mutations.join('+')}) ` +
				`${path} ${(o.ms / 1000).toFixed(1)} s, ${describeOutcome(o).slice(0, 100)}`
		);
	}
	console.log(
		`fuzz: ${rows.length} cases from ${fixtures.length} fixtures in ${elapsed.toFixed(0)} s, seed ${seed}` +
			(rows.length < count ? ` (stopped at the ${budgetMs / 1000} s budget)` : '')
	);
	const about = `seed ${seed}, ${fixtures.length} fixtures, Node core and Chromium worker`;
	record('fuzz.cases', rows.length, 'count', `damaged PDFs, each read on both paths; ${about}`);
	record(
		'fuzz.crashes',
		kinds('crash'),
		'count',
		'0 (goal): a dead process, a worker that stopped answering, or a crashed tab'
	);
	record('fuzz.hangs', kinds('hang'), 'count', `0 (goal): still running after ${hangMs / 1000} s`);
	record(
		'fuzz.exceptions',
		kinds('exception'),
		'count',
		'an exception instead of a result or a failure code; not a crash'
	);
	record('fuzz.results', kinds('result'), 'count', 'runs that read text out of a damaged file');
	record(
		'fuzz.failures',
		kinds('failure'),
		'count',
		'runs that ended in a specific message (damaged, no text, password…)'
	);
	record(
		'fuzz.slowest_ms',
		Math.round(Math.max(0, ...all.filter((o) => o.kind !== 'hang').map((o) => o.ms))),
		'ms',
		'slowest run that ended (CLI-free: the core in a warm process, or the warm worker)'
	);
	return rows;
}
