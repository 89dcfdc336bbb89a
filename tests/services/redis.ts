/** Starts Debian's redis-server for tests: a throwaway instance on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

/** A running Redis for one test file: its URL and how to stop it. */
export interface RedisService {
	url: string;
	stop(): Promise<void>;
	/** Starts it again on the same port, empty, as a Redis restarted without persistence. */
	start(): Promise<void>;
}

type Instance = Omit<RedisService, 'start'>;

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const running = new Set<ChildProcess>();

// A test runner that dies without calling stop() must not leave servers behind.
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/** Sends one inline PING and resolves true when the answer is +PONG. */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => done(false));
		socket.once('error', () => done(false));
		socket.on('data', (data) => {
			answer += data.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
		socket.once('connect', () => socket.write('PING\r\n'));
	});
}

/** Starts redis-server with no persistence on a free loopback port and waits until it answers PING. */
export async function startRedis(): Promise<RedisService> {
	// A port taken between freePort() and redis' bind makes redis exit; try a few ports.
	let lastError: unknown;
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		try {
			let instance = await startOnce(port);
			return {
				url: instance.url,
				stop: () => instance.stop(),
				async start() {
					await instance.stop();
					instance = await startOnce(port);
				}
			};
		} catch (error) {
			lastError = error;
		}
	}
	throw lastError;
}

async function startOnce(port: number): Promise<Instance> {
	const dir = mkdtempSync(join(tmpdir(), 'fnt-redis-'));
	const child = spawn(
		REDIS_BIN,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
			'--loglevel',
			'warning'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	running.add(child);
	let stderr = '';
	child.stderr?.on('data', (d) => (stderr += d.toString()));
	let exited = false;
	const exit = new Promise<void>((resolve) => {
		child.once('exit', () => {
			exited = true;
			running.delete(child);
			rmSync(dir, { recursive: true, force: true });
			resolve();
		});
	});
	child.once('error', (error) => {
		stderr += String(error);
	});

	const deadline = Date.now() + 10_000;
	while (!(await ping(port))) {
		if (exited || Date.now() > deadline) {
			child.kill('SIGKILL');
			await exit;
			throw new Error(`redis-server did not start on port ${port}: ${stderr.trim()}`);
		}
		await new Promise((r) => setTimeout(r, 25));
	}

	return {
		url: `redis://127.0.0.1:${port}`,
		async stop() {
			if (exited) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exit;
			clearTimeout(timer);
		}
	};
}
