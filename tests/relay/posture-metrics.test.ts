/**
 * /metrics is closed to the world: a relay that listens beyond loopback refuses to start
 * without METRICS_TOKEN, and a set token is required on loopback too.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { isLoopbackHost } from '../../server/http/loopback.ts';
import { startTestStack, type TestStack } from './relay-fixtures.ts';

describe('which hosts keep /metrics on this machine', () => {
	it('counts only loopback addresses as this machine', () => {
		for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost']) {
			expect(isLoopbackHost(host), host).toBe(true);
		}
		for (const host of ['0.0.0.0', '::', '192.168.1.10', 'relay.example.com', '128.0.0.1']) {
			expect(isLoopbackHost(host), host).toBe(false);
		}
	});
});

describe('the relay’s configuration', () => {
	it('refuses a public HOST without METRICS_TOKEN, saying what to set', () => {
		expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN: required when HOST/);
		expect(() => loadConfig({ HOST: '::' })).toThrow(/METRICS_TOKEN/);
	});

	it('accepts a public HOST with a token, and loopback with or without one', () => {
		expect(loadConfig({ HOST: '0.0.0.0', METRICS_TOKEN: 'scrape' }).metricsToken).toBe('scrape');
		expect(loadConfig({ HOST: '127.0.0.1' }).metricsToken).toBeUndefined();
		expect(loadConfig({ HOST: '::1' }).metricsToken).toBeUndefined();
	});

	it('npm start exits with the message instead of listening', async () => {
		const root = join(import.meta.dirname, '../..');
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			cwd: root,
			env: { ...process.env, HOST: '0.0.0.0', PORT: '0', METRICS_TOKEN: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(1);
		expect(output).toMatch(/METRICS_TOKEN: required when HOST \(0\.0\.0\.0\)/);
		expect(output).not.toMatch(/is running at/);
	}, 90_000);
});

describe('/metrics over HTTP', () => {
	let stack: TestStack | undefined;
	afterEach(async () => {
		await stack?.close();
		stack = undefined;
	});

	const scrape = (headers: Record<string, string> = {}) =>
		fetch(`${stack!.relay.url}/metrics`, { headers });

	it('needs the Bearer token when one is set, even on loopback', async () => {
		stack = await startTestStack({ METRICS_TOKEN: 'scrape-token' });
		expect((await scrape()).status).toBe(401);
		expect((await scrape({ authorization: 'Bearer wrong-token!' })).status).toBe(401);
		expect((await scrape({ authorization: 'scrape-token' })).status).toBe(401);
		const ok = await scrape({ authorization: 'Bearer scrape-token' });
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('# TYPE');
	});

	it('stays open on loopback without a token, as before', async () => {
		stack = await startTestStack();
		expect((await scrape()).status).toBe(200);
	});
});
