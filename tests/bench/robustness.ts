/**
 * Every PDF in tests/fixtures and ../shared/corpus/tricky (when present), through the CLI
 * (`fnt process`, mechanical mode) and through the app's PDF worker in Chromium: each must end
 * within 30 s in a result or a specific message. Records how many files did, on both paths.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { chromiumPdfRunner } from './chromium-pdf-runner.ts';
import {
	describeOutcome,
	endedWell,
	outcomeOfCli,
	type PdfOutcome,
	type TimedOutcome
} from './pdf-outcome.ts';
import { record } from './results.ts';

const ROOT = join(import.meta.dirname, '../..');
const TRICKY = join(ROOT, '../shared/corpus/tricky');
const CLI = join(ROOT, 'server/cli/fnt.ts');

/** The bound for a file to end, on each path. */
export const BOUND_MS = 30_000;

/** The PDFs to try: fixtures, then the tricky corpus, each distinct file once (by content). */
export function robustnessFiles(): string[] {
	const dirs = [join(ROOT, 'tests/fixtures'), ...(existsSync(TRICKY) ? [TRICKY] : [])];
	const seen = new Set<string>();
	const files: string[] = [];
	for (const dir of dirs) {
		for (const name of readdirSync(dir)
			.filter((f) => f.endsWith('.pdf'))
			.sort()) {
			const path = join(dir, name);
			const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
			if (seen.has(hash)) continue;
			seen.add(hash);
			files.push(path);
		}
	}
	return files;
}

/** `fnt process <file> --out <tmp>.json` in its own process, killed at the bound. */
export function runCli(file: string, boundMs = BOUND_MS): Promise<TimedOutcome> {
	const dir = mkdtempSync(join(tmpdir(), 'fnt-robust-'));
	const t0 = performance.now();
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', CLI, 'process', file, '--out', join(dir, 'out.json')],
			{ cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
		);
		let stderr = '';
		let timedOut = false;
		child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, boundMs);
		child.on('close', (status, signal) => {
			clearTimeout(timer);
			rmSync(dir, { recursive: true, force: true });
			const ms = performance.now() - t0;
			const outcome = outcomeOfCli({
				status,
				signal: timedOut ? null : signal,
				stderr,
				timedOut,
				ms
			});
			resolve({ ...outcome, ms });
		});
	});
}

/** One file's outcomes on both paths. */
export interface RobustnessRow {
	file: string;
	cli: TimedOutcome;
	chromium: TimedOutcome;
}

const good = (o: PdfOutcome) => endedWell(o);

/** Runs every file on both paths and records the counts; returns the rows. */
export async function benchRobustness(
	opts: { files?: string[]; boundMs?: number } = {}
): Promise<RobustnessRow[]> {
	const files = opts.files ?? robustnessFiles();
	const boundMs = opts.boundMs ?? BOUND_MS;
	if (!existsSync(TRICKY) && !opts.files)
		console.log('robustness: ../shared/corpus/tricky missing, fixtures only');
	const build = process.env.FNT_BUILD_DIR ?? join(ROOT, 'build');
	const [browser, stack] = await Promise.all([launchChromium(), startStack({ ai: false })]);
	const chromium: TimedOutcome[] = [];
	try {
		const runner = await chromiumPdfRunner(browser, stack.relay.url, build);
		try {
			for (const f of files)
				chromium.push(await runner.run(new Uint8Array(readFileSync(f)), boundMs));
		} finally {
			await runner.close();
		}
	} finally {
		await browser.close();
		await stack.close();
	}
	// After Chromium, one file at a time: the bound is wall time, on a machine of two cores.
	const cli: TimedOutcome[] = [];
	for (const f of files) cli.push(await runCli(f, boundMs));
	const rows = files.map((file, i) => ({
		file: basename(file),
		cli: cli[i],
		chromium: chromium[i]
	}));
	for (const r of rows) {
		const mark = good(r.cli) && good(r.chromium) ? 'ok ' : 'BAD';
		console.log(
			`robustness ${mark} ${r.file}\n    cli ${(r.cli.ms / 1000).toFixed(1)} s ${describeOutcome(r.cli).slice(0, 140)}` +
				`\n    chromium ${(r.chromium.ms / 1000).toFixed(1)} s ${describeOutcome(r.chromium).slice(0, 140)}`
		);
	}
	const both = rows.filter((r) => good(r.cli) && good(r.chromium)).length;
	const where = `tests/fixtures${existsSync(TRICKY) && !opts.files ? ' + ../shared/corpus/tricky' : ''}`;
	record('robustness.files', rows.length, 'count', `distinct PDFs in ${where}`);
	record(
		'robustness.outcomes_ok',
		both,
		'count',
		`= robustness.files (goal): a result or a specific message within ${boundMs / 1000} s, CLI and Chromium worker`
	);
	record(
		'robustness.cli.outcomes_ok',
		rows.filter((r) => good(r.cli)).length,
		'count',
		'`fnt process` (mechanical), exit 0 or one "fnt: …" line'
	);
	record(
		'robustness.chromium.outcomes_ok',
		rows.filter((r) => good(r.chromium)).length,
		'count',
		"the app's built PDF worker in Chromium: inspect then extract"
	);
	const cliTimes = cli.map((o) => o.ms).sort((a, b) => a - b);
	record(
		'robustness.cli.median_s',
		+(cliTimes[Math.floor(cliTimes.length / 2)] / 1000).toFixed(1),
		's',
		'one `fnt process` run, wall time, starting Node, tsx and pdf.js included'
	);
	record(
		'robustness.slowest_s',
		+(Math.max(...rows.flatMap((r) => [r.cli.ms, r.chromium.ms])) / 1000).toFixed(1),
		's',
		`≤ ${boundMs / 1000} s (bound); CLI time includes starting Node and pdf.js`
	);
	return rows;
}
