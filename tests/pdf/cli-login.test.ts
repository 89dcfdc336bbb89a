/**
 * `fnt login` and `fnt logout`, run as a reader runs them, against a relay on loopback: the
 * session is kept in the config directory with mode 0600, AI mode uses it with no --session,
 * and logout ends it at the relay and removes the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	makeClient,
	signUp,
	startTestStack,
	type TestStack,
	type TestUser
} from '../relay/relay-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
	code: number;
	stderr: string;
}

function fnt(args: string[], env: Record<string, string>): Promise<Run> {
	return new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', 'server/cli/fnt.ts', ...args],
			{ cwd: ROOT, env: { ...process.env, FNT_SESSION: '', ...env } },
			(error, _stdout, stderr) => {
				resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
			}
		);
	});
}

let stack: TestStack;
let user: TestUser;
let config: string;
beforeAll(async () => {
	stack = await startTestStack();
	user = await signUp(stack.relay.url);
	config = mkdtempSync(join(tmpdir(), 'fnt-config-'));
});
afterAll(async () => {
	await stack?.close();
	rmSync(config, { recursive: true, force: true });
});

describe('fnt login and logout', () => {
	const file = () => join(config, 'french-novel-tool', 'session.json');

	it('refuses a wrong password in one line and keeps nothing', async () => {
		const { code, stderr } = await fnt(['login', '--relay', stack.relay.url], {
			XDG_CONFIG_HOME: config,
			FNT_EMAIL: user.email,
			FNT_PASSWORD: 'not the password at all'
		});
		expect(code).toBe(1);
		expect(stderr.trimEnd().split('\n')).toEqual(['fnt: Wrong email or password.']);
		expect(existsSync(file())).toBe(false);
	});

	it('signs in from FNT_EMAIL and FNT_PASSWORD and keeps a working session, mode 0600', async () => {
		const { code, stderr } = await fnt(['login', '--relay', stack.relay.url], {
			XDG_CONFIG_HOME: config,
			FNT_EMAIL: user.email,
			FNT_PASSWORD: user.password
		});
		expect(code, stderr).toBe(0);
		expect(statSync(file()).mode & 0o777).toBe(0o600);
		const saved = JSON.parse(readFileSync(file(), 'utf8')) as { relay: string; token: string };
		expect(saved.relay).toBe(stack.relay.url);
		const me = await makeClient(stack.relay.url, {
			cookie: () => `session=${saved.token}`
		}).auth.me.query();
		expect(me?.email).toBe(user.email.toLowerCase());
	});

	it('lets process --mode ai use the kept session without --session', async () => {
		const out = join(config, 'mini.json');
		const args = [
			'process',
			join(ROOT, 'tests/fixtures/mini-novel.pdf'),
			'--mode',
			'ai',
			'--out',
			out
		];
		const { code, stderr } = await fnt([...args, '--relay', stack.relay.url], {
			XDG_CONFIG_HOME: config
		});
		expect(code, stderr).toBe(0);
		expect(existsSync(out)).toBe(true);
	});

	it('logout ends the session at the relay and removes the file', async () => {
		const { token } = JSON.parse(readFileSync(file(), 'utf8')) as { token: string };
		const { code, stderr } = await fnt(['logout'], { XDG_CONFIG_HOME: config });
		expect(code, stderr).toBe(0);
		expect(existsSync(file())).toBe(false);
		const me = await makeClient(stack.relay.url, {
			cookie: () => `session=${token}`
		}).auth.me.query();
		expect(me).toBeNull();
		expect((await fnt(['logout'], { XDG_CONFIG_HOME: config })).stderr).toMatch(/not signed in/u);
	});
});
