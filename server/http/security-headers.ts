/**
 * The headers every response carries: a Content-Security-Policy the app runs under, and the
 * small ones (nosniff, referrer, framing). Sent as headers rather than a <meta> tag because
 * `frame-ancestors` is ignored in <meta>, and because the workers and the service worker take
 * their policy from their own script's response headers, which a <meta> tag cannot reach.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An executable <script> element with inline text: no `src`, and a JavaScript type (or none). */
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** The CSP sources (`'sha256-…'`) of the inline scripts of a page, in order of appearance. */
export function inlineScriptHashes(html: string): string[] {
	const hashes: string[] = [];
	for (const [, attributes, body] of html.matchAll(INLINE_SCRIPT)) {
		if (/\ssrc\s*=/i.test(attributes)) continue;
		const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
		if (type && type !== 'module' && !type.includes('javascript')) continue;
		hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
	}
	return hashes;
}

/**
 * The app's policy. Each source is there for something the app does:
 * - `script-src 'self'` + hashes: the built modules, pdf.js's worker file (imported into our
 *   PDF worker), and the two inline scripts of index.html (the theme script of src/app.html and
 *   SvelteKit's boot script), allowed by their hash. No `unsafe-eval`: pdf.js runs with
 *   `isEvalSupported: false`, and no wasm decoder is bundled, so not `wasm-unsafe-eval` either.
 * - `style-src 'self'`: the built CSS; `style-src-attr 'unsafe-inline'`: `style="…"` attributes
 *   in components and in app.html (Svelte 5 transitions use the Web Animations API, which CSP
 *   does not govern, so no <style> element is ever injected).
 * - `img-src 'self' data: blob:`: icons, and page previews rendered in the worker and shown
 *   through object URLs.
 * - `worker-src 'self' blob:`: the PDF, export and vocabulary module workers, the service worker
 *   (/sw.js), and `blob:` for fflate, which write-excel-file uses to zip a workbook: above a
 *   small size it deflates in workers it makes from blob: URLs, and without them a long book's
 *   XLSX never finished. Only a script the policy already allows can make such a URL.
 * - `connect-src 'self'`: tRPC, and the fonts and files the workers fetch.
 * - `frame-ancestors 'none'`, `base-uri 'none'`, `object-src 'none'`, `form-action 'self'`:
 *   no framing, no <base> hijack, no plugins, forms post only here.
 */
export function appContentSecurityPolicy(
	scriptHashes: readonly string[],
	reportUri?: string
): string {
	return [
		"default-src 'self'",
		`script-src ${["'self'", ...new Set(scriptHashes)].join(' ')}`,
		"style-src 'self'",
		"style-src-attr 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"worker-src 'self' blob:",
		"connect-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
		// Chromium reports violations in the page, its workers and the service worker here.
		...(reportUri ? [`report-uri ${reportUri}`] : [])
	].join('; ');
}

/** The API's policy: its answers are data, never to be run, styled or framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The hashes of the inline scripts of every .html page under `dir` (none when it is missing). */
export function builtScriptHashes(dir: string): string[] {
	const hashes: string[] = [];
	let entries: string[];
	try {
		entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
	} catch {
		return hashes;
	}
	for (const entry of entries) {
		if (entry.endsWith('.html')) {
			hashes.push(...inlineScriptHashes(readFileSync(join(dir, entry), 'utf8')));
		}
	}
	return hashes;
}

/** Header name → value, for `res.setHeader`. */
export type HeaderSet = ReadonlyArray<readonly [string, string]>;

/** The headers of every response, with the policy that suits it. */
export function securityHeaders(contentSecurityPolicy: string): HeaderSet {
	return [
		['content-security-policy', contentSecurityPolicy],
		['x-content-type-options', 'nosniff'],
		// `same-origin`, not `no-referrer`: with no-referrer a same-origin POST carries
		// `Origin: null`, which the cross-site check refuses.
		['referrer-policy', 'same-origin'],
		// For browsers that predate frame-ancestors.
		['x-frame-options', 'DENY']
	];
}
