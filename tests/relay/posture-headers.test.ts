/**
 * Security headers on the app and the API: the app's CSP allows its inline scripts by hash
 * and nothing that evaluates strings; the API's answers may not be run, styled or framed.
 * Chromium checks that the app really runs under the policy (tests/e2e/csp.test.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	appContentSecurityPolicy,
	inlineScriptHashes
} from '../../server/http/security-headers.ts';
import { startTestStack, type TestStack } from './relay-fixtures.ts';

const THEME_SCRIPT = "\n\tdocument.documentElement.setAttribute('data-theme', 'dark');\n";
const BOOT_SCRIPT = "\n\t{ import('/_app/immutable/entry/start.js'); }\n";
const PAGE = `<!doctype html><html><head>
<script>${THEME_SCRIPT}</script>
<script type="module" src="/_app/immutable/entry/app.js"></script>
<script type="application/json" data-sveltekit-fetched>{"a":1}</script>
</head><body><div style="display: contents"><script>${BOOT_SCRIPT}</script></div></body></html>`;

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy.split(';').map((d) => {
			const [name, ...sources] = d.trim().split(/\s+/);
			return [name, sources] as const;
		})
	);
}

describe('the app’s Content-Security-Policy', () => {
	it('hashes only the inline scripts a browser would run', () => {
		expect(inlineScriptHashes(PAGE)).toEqual([sha(THEME_SCRIPT), sha(BOOT_SCRIPT)]);
	});

	it('allows scripts from the relay and the hashed ones, and never eval', () => {
		const policy = directives(appContentSecurityPolicy([sha(THEME_SCRIPT), sha(THEME_SCRIPT)]));
		expect(policy.get('script-src')).toEqual(["'self'", sha(THEME_SCRIPT)]);
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		expect(policy.get('object-src')).toEqual(["'none'"]);
		expect(policy.get('connect-src')).toEqual(["'self'"]);
		// blob: for fflate's zip workers (a long book's XLSX); see appContentSecurityPolicy.
		expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
		for (const sources of policy.values()) {
			expect(sources).not.toContain("'unsafe-eval'");
		}
		expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
		expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
		expect(policy.has('report-uri')).toBe(false);
	});

	it('sends violation reports where CSP_REPORT_URI says, when it is set', () => {
		const policy = directives(appContentSecurityPolicy([], 'https://reports.example/csp'));
		expect(policy.get('report-uri')).toEqual(['https://reports.example/csp']);
	});
});

describe('headers over HTTP', () => {
	let stack: TestStack;
	let build: string;
	beforeAll(async () => {
		// A stand-in build: the relay hashes the inline scripts of the pages it will serve.
		build = mkdtempSync(join(tmpdir(), 'fnt-build-'));
		mkdirSync(join(build, '_app'));
		writeFileSync(join(build, 'index.html'), PAGE);
		writeFileSync(join(build, '_app', 'app.js'), 'export {};');
		stack = await startTestStack({ STATIC_DIR: build });
	});
	afterAll(async () => {
		await stack?.close();
		rmSync(build, { recursive: true, force: true });
	});

	const get = (path: string) => fetch(`${stack.relay.url}${path}`);

	it('serves the app, and any route of it, under the app’s policy', async () => {
		for (const path of ['/', '/library', '/_app/app.js']) {
			const res = await get(path);
			expect(res.status, path).toBe(200);
			const policy = directives(res.headers.get('content-security-policy') ?? '');
			expect(policy.get('script-src'), path).toEqual([
				"'self'",
				sha(THEME_SCRIPT),
				sha(BOOT_SCRIPT)
			]);
			expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
			expect(res.headers.get('x-frame-options'), path).toBe('DENY');
		}
	});

	it('serves the API, health and metrics under a policy that allows nothing', async () => {
		for (const path of ['/trpc/config.get', '/healthz', '/metrics', '/trpc/nothing.here']) {
			const res = await get(path);
			expect(res.headers.get('content-security-policy'), path).toBe(
				"default-src 'none'; frame-ancestors 'none'"
			);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
		}
	});
});
