// `npm run bench [part]`: the speed, size and robustness figures of the closing notes, measured,
// never asserted. Every figure goes through record() (results.ts); at the end, even after a
// part failed, this writes bench/results.json and docs/benchmarks.md. A part that throws is
// printed and named in the table; the others still run. With a part named, only it runs and
// its figures replace those of the same names in the files (the others are kept). Each part is
// imported when it runs, so one that cannot even load fails alone.
// Reads the larger books from ../shared/corpus when that folder exists.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../e2e/harness.ts';
import { recorded, type BenchFigure } from './results.ts';
import { describeMachine, writeResults, type FailedPart } from './write-results.ts';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS = join(ROOT, '../shared/corpus/french');
const RESULTS = {
	json: join(ROOT, 'bench/results.json'),
	markdown: join(ROOT, 'docs/benchmarks.md')
};

/** The books to measure: the fixture always, the corpus novels when present. */
export function books(): { name: string; path: string }[] {
	const list = [
		{
			name: 'saint-simon (121 p.)',
			path: join(ROOT, 'tests/fixtures/saint-simon_memoires_XX__pandoc_xetex_10pt.pdf')
		}
	];
	if (existsSync(CORPUS)) {
		list.push(
			{ name: 'candide (90 p.)', path: join(CORPUS, 'voltaire_candide__ligaran_apache_fop.pdf') },
			{ name: 'germinal (573 p.)', path: join(CORPUS, 'zola_germinal__elg_word_acrobat.pdf') }
		);
	}
	return list;
}

const failed: FailedPart[] = [];
const partsRun: string[] = [];

/** Runs one bench part; an error is printed and kept for the table, and the next part runs. */
async function part(name: string, run: () => unknown): Promise<void> {
	partsRun.push(name);
	console.log(`\n== ${name}`);
	try {
		await run();
	} catch (error) {
		const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
		console.log(`${name}: FAILED, ${text}`);
		if (error instanceof Error && error.stack) console.log(error.stack);
		failed.push({ part: name, error: text });
	}
}

/** The figures of an earlier run that this run did not measure again. */
function keptFigures(): BenchFigure[] {
	if (!existsSync(RESULTS.json)) return [];
	try {
		const old = JSON.parse(readFileSync(RESULTS.json, 'utf8')) as BenchFigure[];
		const now = new Set(recorded().map((f) => f.name));
		return old.filter((f) => !now.has(f.name)).map((f) => ({ ...f, value: f.value ?? NaN }));
	} catch {
		return [];
	}
}

async function main() {
	const only = process.argv[2];
	if (!existsSync(CORPUS)) console.log('corpus: ../shared/corpus missing, fixtures only');
	try {
		if (!only || only === 'extraction')
			await part('extraction', async () =>
				(await import('./extraction.ts')).benchExtraction(books())
			);
		if (!only || only === 'relay')
			await part('relay', async () => (await import('./relay.ts')).benchRelay());
		if (!only || only === 'bundle')
			await part('bundle', async () => (await import('./bundle.ts')).benchBundle());
		if (!only || only === 'first-load')
			await part('first-load', async () => (await import('./first-load.ts')).benchFirstLoad());
		if (!only || only === 'chromium')
			await part('chromium', async () => (await import('./chromium.ts')).benchChromium(books()));
		if (!only || only === 'lighthouse')
			await part('lighthouse', async () => (await import('./lighthouse.ts')).benchLighthouse());
		if (!only || only === 'workspace')
			await part('workspace', async () => (await import('./workspace.ts')).benchWorkspace());
		if (!only || only === 'exports')
			await part('exports', async () => (await import('./exports.ts')).benchExports());
		if (!only || only === 'coverage')
			await part('coverage', async () => (await import('./coverage.ts')).benchCoverage());
		if (!only || only === 'e2e')
			await part('e2e', async () => (await import('./e2e.ts')).benchE2e());
		if (!only || only === 'load')
			await part('load', async () => (await import('./load.ts')).benchLoad());
		if (!only || only === 'robustness')
			await part('robustness', async () => (await import('./robustness.ts')).benchRobustness());
		if (!only || only === 'fuzz')
			await part('fuzz', async () => (await import('./fuzz.ts')).benchFuzz());
		if (!only || only === 'many-relays')
			await part('many-relays', async () => (await import('./many-relays.ts')).benchManyRelays());
		if (!only || only === 'split-quality')
			await part('split-quality', async () =>
				(await import('./split-quality.ts')).benchSplitQuality()
			);
	} finally {
		// Also after a part registered without part() threw: what was measured is kept.
		const machine = describeMachine(CHROMIUM_PATH, existsSync(join(ROOT, '../shared/corpus')));
		const figures = only ? [...keptFigures(), ...recorded()] : [...recorded()];
		const run = only ? [`${only} (the other figures are kept from an earlier run)`] : partsRun;
		writeResults(RESULTS, figures, machine, new Date(), failed, run);
		// In the repository's style, so that `npm run lint` passes after a bench run.
		const prettier = await import('prettier');
		const markdown = readFileSync(RESULTS.markdown, 'utf8');
		writeFileSync(
			RESULTS.markdown,
			await prettier.format(markdown, {
				...(await prettier.resolveConfig(RESULTS.markdown)),
				filepath: RESULTS.markdown
			})
		);
		console.log(
			`\n${recorded().length} figures recorded, ${failed.length} parts failed; ` +
				`written to bench/results.json and docs/benchmarks.md`
		);
	}
}

await main();
