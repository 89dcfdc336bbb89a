// `npm run bench`: the speed and size figures of the closing notes, measured, never asserted.
// Reads the larger books from ../shared/corpus when that folder exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchChromium } from './chromium.ts';
import { benchExports } from './exports.ts';
import { benchExtraction } from './extraction.ts';
import { benchFirstLoad } from './first-load.ts';
import { benchLighthouse } from './lighthouse.ts';
import { benchRelay } from './relay.ts';
import { benchWorkspace } from './workspace.ts';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS = join(ROOT, '../shared/corpus/french');

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

function bundleSizes() {
	const dir = join(ROOT, 'build/_app/immutable');
	if (!existsSync(dir)) return console.log('bundle: build/ missing, run npm run build first');
	const walk = (d: string): string[] =>
		readdirSync(d).flatMap((f) => {
			const p = join(d, f);
			return statSync(p).isDirectory() ? walk(p) : [p];
		});
	const files = walk(dir);
	const size = (f: string[]) => ({
		raw: f.reduce((n, p) => n + statSync(p).size, 0),
		gzip: f.reduce((n, p) => n + gzipSync(readFileSync(p)).length, 0)
	});
	const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
	const isWorker = (p: string) => /worker/i.test(p);
	const page = size(files.filter((p) => p.endsWith('.js') && !isWorker(p)));
	const workers = size(files.filter((p) => isWorker(p)));
	console.log(`bundle: page JS ${kb(page.raw)} raw / ${kb(page.gzip)} gzip (all route chunks)`);
	console.log(`bundle: workers ${kb(workers.raw)} raw / ${kb(workers.gzip)} gzip`);
}

async function main() {
	const only = process.argv[2];
	if (!only || only === 'extraction') await benchExtraction(books());
	if (!only || only === 'relay') await benchRelay();
	if (!only || only === 'bundle') bundleSizes();
	if (!only || only === 'first-load') await benchFirstLoad();
	if (!only || only === 'chromium') await benchChromium(books()[0].path);
	if (!only || only === 'lighthouse') await benchLighthouse();
	if (!only || only === 'workspace') await benchWorkspace();
	if (!only || only === 'exports') await benchExports();
}

await main();
