// Child processes of the relay benches: the mock Gemini and the relay each run in a process of
// their own, as in production, so the load tool and the direct SDK calls do not share their CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/app.ts';

const ROOT = join(import.meta.dirname, '../..');

/** A child process that printed its URL. */
export interface Child {
	url: string;
	/** The process id, to read its memory from /proc. */
	pid: number;
	stop(): Promise<void>;
}

/** Runs `script` under tsx and resolves with the first URL it prints that matches `ready`. */
async function startChild(
	script: string,
	env: Record<string, string>,
	ready: RegExp
): Promise<Child> {
	// BENCH_CPU_PROF=<dir> writes a CPU profile of every child into <dir> when it exits.
	const prof = process.env.BENCH_CPU_PROF;
	const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
	const child: ChildProcess = spawn(
		process.execPath,
		[...flags, '--import', 'tsx', join(ROOT, script)],
		{
			cwd: ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let log = '';
	const url = await new Promise<string>((resolve, reject) => {
		const onData = (data: Buffer) => {
			log += data.toString('utf8');
			const m = ready.exec(log);
			if (m) resolve(m[1]);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${log}`)));
	});
	return {
		url,
		pid: child.pid!,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
				// The relay drains calls in flight for up to 10 s; a bench has none left.
				setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
			})
	};
}

/** The mock Gemini in its own process, on a free port. */
export function startMockProcess(latency = { fixedMs: 0, perOutputTokenMs: 0 }): Promise<Child> {
	return startChild(
		'server/mock-gemini/main.ts',
		{
			MOCK_GEMINI_PORT: '0',
			MOCK_GEMINI_LATENCY_MS: String(latency.fixedMs),
			MOCK_GEMINI_MS_PER_TOKEN: String(latency.perOutputTokenMs)
		},
		/listening on (http:\/\/\S+)/
	);
}

/** The Gemini key the bench relays get. */
export const BENCH_KEY = 'bench-gemini-key';

/** A relay in its own process (SQLite in a temp dir) talking to `geminiUrl`. */
export async function startRelayProcess(
	geminiUrl: string,
	env: Record<string, string> = {}
): Promise<Child> {
	const dataDir = mkdtempSync(join(tmpdir(), 'fnt-bench-relay-'));
	const child = await startChild(
		'server/main.ts',
		{
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			STATIC_DIR: join(dataDir, 'no-build'),
			GEMINI_API_KEY: BENCH_KEY,
			GEMINI_BASE_URL: geminiUrl,
			...env
		},
		/running at (http:\/\/\S+)/
	);
	return {
		...child,
		stop: async () => {
			await child.stop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** Resident memory of a process, in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
	const { readFile } = await import('node:fs/promises');
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	return kb / 1024;
}

/** The `q` quantile (0–1) of `values`, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A reader signed in over HTTP: their session cookie and a tRPC client carrying it. */
export interface BenchUser {
	cookie: string;
	client: ReturnType<typeof benchClient>;
}

/** A tRPC client of the relay at `url` that sends `cookie`. */
export function benchClient(url: string, cookie?: string) {
	return createTRPCClient<AppRouter>({
		links: [httpLink({ url: `${url}/trpc`, headers: () => (cookie ? { cookie } : {}) })]
	});
}

let userSeq = 0;

/** Signs a new reader up and returns their cookie and client. */
export async function signUpReader(url: string): Promise<BenchUser> {
	userSeq += 1;
	const res = await fetch(`${url}/trpc/auth.signUp`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			email: `bench-${userSeq}-${process.pid}-${Date.now()}@example.com`,
			password: 'correct horse battery staple'
		})
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => /^session=([^;]*)/.exec(c))
		.find(Boolean);
	if (!res.ok || !cookie) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
	const pair = `session=${cookie[1]}`;
	return { cookie: pair, client: benchClient(url, pair) };
}

let chunkSeq = 0;

/** A chunk call's input for `clientJobId`, with a fresh idempotency key. */
export function benchChunkInput(
	clientJobId: string,
	items: { i: number; text: string }[],
	limit = 8
) {
	chunkSeq += 1;
	return {
		clientJobId,
		chunkIndex: chunkSeq,
		idempotencyKey: `bench-${process.pid}-${chunkSeq}-${'x'.repeat(16)}`,
		items,
		settings: { limit }
	};
}
