import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_PATH, startStack } from '../e2e/harness.ts';
import { record } from './results.ts';

const run = promisify(execFile);

interface Audit {
	score: number | null;
	displayValue?: string;
}

/**
 * Lighthouse 11 (the last release with the PWA category and its installability audit; 12
 * dropped it, and 13 needs Node 22) against the built app served by the relay.
 */
export async function benchLighthouse(runs = 3) {
	const stack = await startStack({ ai: false });
	const dir = mkdtempSync(join(tmpdir(), 'fnt-lh-'));
	try {
		// Lighthouse's simulated throttling varies by ±0.05 from run to run: the median of a few.
		const reports: Report[] = [];
		for (let k = 0; k < runs; k++) reports.push(await lighthouseRun(stack.relay.url, dir, k));
		const median = (pick: (r: Report) => number) =>
			reports.map(pick).sort((x, y) => x - y)[Math.floor(reports.length / 2)];
		const seconds = (id: string) => (r: Report) => +(r.audits[id].numericValue / 1000).toFixed(2);
		const installable = reports.every((r) => r.audits['installable-manifest'].score === 1);
		console.log(
			`lighthouse (simulated mobile, median of ${runs}): installable-manifest ${installable ? 'pass' : 'FAIL'}, ` +
				`performance ${reports.map((r) => r.categories.performance.score).join(' / ')}, ` +
				`FCP ${reports.map(seconds('first-contentful-paint')).join(' / ')} s, ` +
				`LCP ${reports.map(seconds('largest-contentful-paint')).join(' / ')} s`
		);
		record(
			'lighthouse.performance',
			median((r) => r.categories.performance.score),
			'score',
			`≥ 0.9 (goal); simulated mobile, median of ${runs}`
		);
		record('lighthouse.fcp_s', median(seconds('first-contentful-paint')), 's', 'simulated mobile');
		record(
			'lighthouse.lcp_s',
			median(seconds('largest-contentful-paint')),
			's',
			'simulated mobile'
		);
		record(
			'lighthouse.pwa',
			median((r) => r.categories.pwa.score),
			'score',
			'installable manifest included'
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await stack.close();
	}
}

interface Report {
	categories: Record<string, { score: number }>;
	audits: Record<string, Audit & { numericValue: number }>;
}

async function lighthouseRun(url: string, dir: string, k: number): Promise<Report> {
	const out = join(dir, `report-${k}.json`);
	await run(
		'npx',
		[
			'lighthouse',
			url + '/',
			'--only-categories=pwa,performance',
			'--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run',
			'--output=json',
			`--output-path=${out}`,
			'--quiet'
		],
		{ env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, timeout: 180_000 }
	);
	return JSON.parse(readFileSync(out, 'utf8')) as Report;
}
