import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_PATH, startStack } from '../e2e/harness.ts';

const run = promisify(execFile);

interface Audit {
	score: number | null;
	displayValue?: string;
}

/**
 * Lighthouse 11 (the last release with the PWA category and its installability audit; 12
 * dropped it, and 13 needs Node 22) against the built app served by the relay.
 */
export async function benchLighthouse() {
	const stack = await startStack({ ai: false });
	const dir = mkdtempSync(join(tmpdir(), 'fnt-lh-'));
	const out = join(dir, 'report.json');
	try {
		await run(
			'npx',
			[
				'lighthouse',
				stack.relay.url + '/',
				'--only-categories=pwa,performance',
				'--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run',
				'--output=json',
				`--output-path=${out}`,
				'--quiet'
			],
			{ env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, timeout: 180_000 }
		);
		const report = JSON.parse(readFileSync(out, 'utf8')) as {
			categories: Record<string, { score: number }>;
			audits: Record<string, Audit>;
		};
		const a = (id: string) => report.audits[id];
		console.log(
			`lighthouse: installable-manifest ${a('installable-manifest').score === 1 ? 'pass' : 'FAIL'}, PWA ${report.categories.pwa.score}, performance ${report.categories.performance.score}`
		);
		console.log(
			`lighthouse (simulated mobile): FCP ${a('first-contentful-paint').displayValue}, LCP ${a('largest-contentful-paint').displayValue}, TBT ${a('total-blocking-time').displayValue}, CLS ${a('cumulative-layout-shift').displayValue}`
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await stack.close();
	}
}
