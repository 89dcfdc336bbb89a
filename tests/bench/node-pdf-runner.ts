/**
 * Runs PDFs through the Node PDF core in a child process (node-pdf-child.ts), one at a time,
 * each bounded in time: a file still running at the bound is a hang, and the child is killed
 * and started again; a child that dies mid-file is a crash.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TimedOutcome } from './pdf-outcome.ts';

const CHILD = join(import.meta.dirname, 'node-pdf-child.ts');

/** One file at a time through the Node PDF core, in a child process. */
export interface NodePdfRunner {
	run(bytes: Uint8Array, timeoutMs: number): Promise<TimedOutcome>;
	close(): void;
}

/** Starts no process until the first file. */
export function nodePdfRunner(): NodePdfRunner {
	let child: ChildProcess | undefined;
	let ready: Promise<void> | undefined;
	let stderr = '';
	let nextId = 1;

	function start() {
		stderr = '';
		const c = fork(CHILD, [], {
			execArgv: ['--import', 'tsx'],
			serialization: 'advanced',
			stdio: ['ignore', 'ignore', 'pipe', 'ipc']
		});
		c.stderr!.on('data', (d: Buffer) => {
			stderr = (stderr + d.toString()).slice(-2000);
		});
		child = c;
		ready = new Promise((resolve, reject) => {
			c.once('message', () => resolve());
			c.once('exit', (code) =>
				reject(new Error(`the PDF child exited (${code}) before it was ready: ${stderr}`))
			);
		});
	}

	function stop() {
		child?.kill('SIGKILL');
		child = undefined;
		ready = undefined;
	}

	return {
		async run(bytes, timeoutMs) {
			if (!child) start();
			await ready;
			const c = child!;
			const id = nextId++;
			const t0 = performance.now();
			return new Promise<TimedOutcome>((resolve) => {
				const done = (outcome: TimedOutcome, kill: boolean) => {
					clearTimeout(timer);
					c.off('message', onMessage);
					c.off('exit', onExit);
					if (kill) stop();
					resolve(outcome);
				};
				const onMessage = (msg: { id?: number; outcome?: TimedOutcome }) => {
					if (msg.id === id && msg.outcome) done(msg.outcome, false);
				};
				const onExit = (code: number | null, signal: string | null) => {
					const detail = `the Node process exited (${signal ?? code}): ${stderr.trim().slice(-300)}`;
					child = undefined;
					done({ kind: 'crash', detail, ms: performance.now() - t0 }, false);
				};
				const timer = setTimeout(
					() => done({ kind: 'hang', afterMs: timeoutMs, ms: timeoutMs }, true),
					timeoutMs
				);
				c.on('message', onMessage);
				c.on('exit', onExit);
				c.send({ id, bytes });
			});
		},
		close: stop
	};
}
