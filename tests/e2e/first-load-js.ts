/**
 * The JavaScript a first visit to a view downloads, measured in Chromium: what the page
 * itself requests before it settles (workers start later, when a book needs them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

/** Script files and their gzip sizes, as a first visit to `url` loads them. */
export async function firstLoadScripts(
	browser: Browser,
	url: string
): Promise<{ files: { url: string; gzip: number; text: string }[]; totalGzip: number }> {
	// A fresh context: no service worker, no HTTP cache, as on a reader's first visit.
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	const pending: Promise<{ url: string; gzip: number; text: string } | undefined>[] = [];
	page.on('response', (res) => {
		if (res.request().resourceType() !== 'script') return;
		pending.push(
			res
				.body()
				.then((body) => ({
					url: res.url(),
					gzip: gzipSync(body, { level: 9 }).length,
					text: body.toString('utf8')
				}))
				.catch(() => undefined)
		);
	});
	await page.goto(url, { waitUntil: 'networkidle' });
	const files = (await Promise.all(pending)).filter((f) => f !== undefined);
	await context.close();
	return { files, totalGzip: files.reduce((n, f) => n + f.gzip, 0) };
}

const ROOT = join(import.meta.dirname, '../..');

/** `import{…}from"./x.js"` and `import"./x.js"` in a built chunk; `import("./x.js")` is not static. */
const STATIC_IMPORT =
	/import\s*(?:\{[^}]*\}|\*\s*as\s*[\w$]+|[\w$]+)?\s*(?:from)?\s*"(\.\.?\/[^"]+\.js)"/g;

/**
 * The JavaScript a view cannot draw without: the static import graph of SvelteKit's entry, the
 * root layout, the error page and the view's own node, read from the built files and sized
 * with gzip. What the view imports after its first render (the relay client and the job code
 * on the home page) is not in it.
 */
export function staticFirstLoad(route: string): { files: string[]; totalGzip: number } {
	const build = process.env.FNT_BUILD_DIR ?? join(ROOT, 'build');
	const immutable = join(build, '_app/immutable');
	// Node numbers come from SvelteKit's generated route table, the same for every build.
	const generated = join(ROOT, '.svelte-kit/generated/client-optimized/nodes');
	const page = `src/routes${route === '/' ? '' : route}/+page.svelte"`;
	const viewNode = readdirSync(generated).find((n) =>
		readFileSync(join(generated, n), 'utf8').includes(page)
	);
	if (!viewNode) throw new Error(`no node for the route ${route}`);
	const built = (dir: string, prefix: string) => {
		const name = readdirSync(join(immutable, dir)).find(
			(f) => f.startsWith(prefix) && f.endsWith('.js')
		);
		if (!name) throw new Error(`no built ${dir}/${prefix}*`);
		return join(immutable, dir, name);
	};
	const roots = [
		built('entry', 'start.'),
		built('entry', 'app.'),
		built('nodes', '0.'),
		built('nodes', '1.'),
		built('nodes', viewNode.replace(/js$/, ''))
	];
	const seen = new Set<string>();
	for (const stack = [...roots]; stack.length;) {
		const file = stack.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
			stack.push(join(dirname(file), spec));
		}
	}
	const files = [...seen].map((f) => relative(build, f));
	const totalGzip = [...seen].reduce(
		(n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length,
		0
	);
	return { files, totalGzip };
}
