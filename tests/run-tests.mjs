// `npm test`: builds the app (the end-to-end tests drive the built app, served by the relay),
// runs every Vitest project, and ends with one summary line over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false });

const build = run('npx', ['vite', 'build', '--logLevel', 'warn']);
if (build.status !== 0) {
	console.log('0 passed, 1 failed (the app did not build)');
	process.exit(build.status ?? 1);
}

rmSync(report, { force: true });
const args = [
	'vitest',
	'run',
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${report}`
];
const tests = run('npx', [...args, ...process.argv.slice(2)]);

if (existsSync(report)) {
	const r = JSON.parse(readFileSync(report, 'utf8'));
	// A test file that failed to load has no tests in it: count it as one failure.
	const brokenFiles = r.testResults.filter(
		(f) => f.status === 'failed' && f.assertionResults.length === 0
	).length;
	console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed`);
} else {
	console.log('0 passed, 1 failed (the test runner wrote no report)');
}
process.exit(tests.status ?? 1);
