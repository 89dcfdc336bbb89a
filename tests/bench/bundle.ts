// Sizes of the built app: the JavaScript the home page cannot draw without (the issue's
// `app.page_js_gzip_kb`, read from the built files' static import graph as the first-load
// budget test does), every page chunk, and the workers.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { staticFirstLoad } from '../e2e/first-load-js.ts';
import { record } from './results.ts';

const ROOT = join(import.meta.dirname, '../..');

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}

const gzipKb = (files: string[]) =>
	+(files.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0) / 1024).toFixed(
		1
	);

/** Records the bundle's sizes in gzip KB; throws when there is no build to measure. */
export function benchBundle(): void {
	const build = process.env.FNT_BUILD_DIR ?? join(ROOT, 'build');
	const dir = join(build, '_app/immutable');
	if (!existsSync(dir)) throw new Error(`${dir} missing: build the app first (npm run build)`);
	// The build's own files, not the .br and .gz copies written beside them (precompress).
	const files = walk(dir).filter((p) => !/\.(?:br|gz)$/u.test(p));
	const isWorker = (p: string) => /worker/iu.test(p);
	record(
		'app.page_js_gzip_kb',
		+(staticFirstLoad('/').totalGzip / 1024).toFixed(1),
		'KB',
		'≤ 100 KB gzip (first-load budget): the static import graph that draws /'
	);
	record(
		'app.library_js_gzip_kb',
		+(staticFirstLoad('/library').totalGzip / 1024).toFixed(1),
		'KB',
		'≤ 100 KB gzip (first-load budget): the static import graph that draws /library'
	);
	record(
		'app.all_page_chunks_gzip_kb',
		gzipKb(files.filter((p) => p.endsWith('.js') && !isWorker(p))),
		'KB',
		'every route chunk together; no goal'
	);
	record(
		'app.workers_gzip_kb',
		gzipKb(files.filter(isWorker)),
		'KB',
		'PDF and export workers with pdf.js; loaded only when a book needs them'
	);
}
