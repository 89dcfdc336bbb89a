/**
 * A small run of the bench's robustness and fuzz parts, so that `npm test` keeps them working:
 * three fixtures through the CLI and the Chromium worker, a dozen fuzz cases on both paths, and
 * the results writer into a temp dir. Figures are checked for their names and shape, never for
 * speed: the bounds here are far above the bench's (the full bench is `npm run bench`).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchFuzz } from '../bench/fuzz.ts';
import { endedWell } from '../bench/pdf-outcome.ts';
import { recorded } from '../bench/results.ts';
import { benchRobustness } from '../bench/robustness.ts';
import { describeMachine, writeResults } from '../bench/write-results.ts';
import { CHROMIUM_PATH, FIXTURES } from './harness.ts';

describe('bench smoke run', () => {
	it(
		'reads three fixtures on both paths to a result or their specific message',
		{ timeout: 600_000 },
		async () => {
			const rows = await benchRobustness({
				files: ['mini-novel.pdf', 'ocrmypdf__invalid.pdf', 'pdfjs__issue3371.pdf'].map((f) =>
					join(FIXTURES, f)
				),
				// Outcomes, not speed: a bound no busy machine reaches (the bench keeps 30 s).
				boundMs: 240_000
			});
			expect(rows.map((r) => [r.file, r.cli.kind, r.chromium.kind])).toEqual([
				['mini-novel.pdf', 'result', 'result'],
				['ocrmypdf__invalid.pdf', 'failure', 'failure'],
				['pdfjs__issue3371.pdf', 'failure', 'failure']
			]);
			expect(rows.every((r) => endedWell(r.cli) && endedWell(r.chromium))).toBe(true);
			expect(rows[1].chromium).toMatchObject({ code: 'damaged' });
			expect(rows[2].chromium).toMatchObject({ code: 'password_required' });
			expect(rows[2].cli).toMatchObject({ message: expect.stringContaining('--pdf-password') });
		}
	);

	it('runs a dozen fuzz cases on both paths without a crash', { timeout: 600_000 }, async () => {
		const rows = await benchFuzz({ cases: 12, hangMs: 120_000 });
		expect(rows).toHaveLength(12);
		expect(new Set(rows.map((r) => r.case.fixture)).size).toBeGreaterThan(5);
		const kinds = rows.flatMap((r) => [r.node.kind, r.chromium.kind]);
		expect(kinds.filter((k) => k === 'crash' || k === 'hang')).toEqual([]);
	});

	it('writes every recorded figure to results.json and the table', () => {
		const dir = mkdtempSync(join(tmpdir(), 'fnt-bench-smoke-'));
		const paths = { json: join(dir, 'results.json'), markdown: join(dir, 'benchmarks.md') };
		writeResults(paths, recorded(), describeMachine(CHROMIUM_PATH, false), new Date());
		const json = JSON.parse(readFileSync(paths.json, 'utf8')) as Record<string, unknown>[];
		const names = json.map((f) => f.name);
		for (const name of [
			'robustness.files',
			'robustness.outcomes_ok',
			'fuzz.cases',
			'fuzz.crashes',
			'fuzz.hangs'
		]) {
			expect(names).toContain(name);
		}
		for (const f of json) {
			expect(Object.keys(f)).toEqual(['name', 'value', 'unit', 'reference']);
			expect(f.name).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/u);
		}
		expect(json.find((f) => f.name === 'fuzz.cases')?.value).toBe(12);
		expect(json.find((f) => f.name === 'robustness.outcomes_ok')?.value).toBe(3);
		const md = readFileSync(paths.markdown, 'utf8');
		expect(md).toContain('## robustness');
		expect(md).toContain('`fuzz.crashes`');
	});
});
