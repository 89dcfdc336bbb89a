/**
 * Test-only capabilities for the jobs-survive scenarios that the shared harness does not
 * offer: relay settings from the environment (chunk size, concurrency, Gemini timeout), a
 * relay that can be stopped and started again on the same port and data directory, and a
 * read of the page's IndexedDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay, type Relay } from '../../server/relay.ts';

/** The longest a draining stop waits for the calls in flight. */
const DRAIN_MS = 5_000;

/** A relay with a mock Gemini behind it, which a test may stop and start again. */
export interface JobsStack {
	readonly url: string;
	readonly mock: MockGemini;
	readonly relay: Relay | undefined;
	/**
	 * Stops the relay; the browser then sees connection failures, as when a server restarts.
	 * `drain` stops taking connections and lets the calls in flight finish first, as a deploy
	 * would; without it the relay's own close() cuts them, as when the process dies.
	 */
	stopRelay(opts: { drain: boolean }): Promise<void>;
	/** Starts the relay again on the same port and data directory (sessions, results, ledger kept). */
	startRelay(): Promise<void>;
	close(): Promise<void>;
}

/** Starts the mock Gemini and a relay serving build/, with `env` on top of the test defaults. */
export async function startJobsStack(env: Record<string, string> = {}): Promise<JobsStack> {
	const mock = await startMockGemini({ port: 0 });
	const dataDir = mkdtempSync(join(tmpdir(), 'fnt-jobs-'));
	const base = {
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		STATIC_DIR: process.env.FNT_BUILD_DIR ?? join(import.meta.dirname, '../../build'),
		GEMINI_API_KEY: 'test-key-e2e',
		GEMINI_BASE_URL: mock.url,
		// Every scenario signs up a user and starts jobs; the production limits are not under test.
		SIGN_UPS_PER_IP_PER_HOUR: '1000',
		JOB_STARTS_PER_HOUR: '1000',
		CHUNK_CALLS_PER_MINUTE: '100000',
		...env
	};
	let inFlight = 0;
	const start = async (port: number) => {
		const started = await startRelay(loadConfig({ ...base, PORT: String(port) }));
		started.server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
			inFlight += 1;
			res.once('close', () => (inFlight -= 1));
		});
		return started;
	};
	let relay: Relay | undefined = await start(0);
	const port = (relay.server.address() as AddressInfo).port;
	const url = relay.url;
	return {
		url,
		mock,
		get relay() {
			return relay;
		},
		async stopRelay({ drain }) {
			if (!relay) return;
			if (drain) {
				relay.server.close();
				// Idle keep-alive sockets would carry the page's next call: close them as they idle.
				const deadline = Date.now() + DRAIN_MS;
				while (inFlight > 0 && Date.now() < deadline) {
					relay.server.closeIdleConnections();
					await new Promise((resolve) => setTimeout(resolve, 5));
				}
			}
			await relay.close();
			relay = undefined;
		},
		async startRelay() {
			relay ??= await start(port);
		},
		async close() {
			await relay?.close();
			relay = undefined;
			await mock.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** One stored result, as the page's IndexedDB holds it. */
export interface StoredRow {
	sentenceIndex: number;
	sentences: string[];
	source: string;
}

/** A job row, as the page's IndexedDB holds it. */
export interface StoredJob {
	id: string;
	status: string;
	currentStep: string;
	totalChunks: number;
	processedChunks: number;
	failedChunks: number;
	cancelledAt?: number;
	finishedAt?: number;
	lastError?: string;
}

/** One chunk row, as the page's IndexedDB holds it. */
export interface StoredChunkRow {
	index: number;
	sentenceIndexes: number[];
	status: string;
	attempts: number;
	lastError?: string;
}

/** One segmented sentence, as the page's IndexedDB holds it. */
export interface StoredSentenceRow {
	index: number;
	text: string;
}

/** Reads the page's jobs, chunks, sentences and results straight from IndexedDB. */
export function readStore(page: Page): Promise<{
	jobs: StoredJob[];
	chunks: StoredChunkRow[];
	sentences: StoredSentenceRow[];
	results: StoredRow[];
}> {
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((resolve, reject) => {
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const all = <T>(store: string) =>
			new Promise<T[]>((resolve, reject) => {
				const req = idb.transaction(store).objectStore(store).getAll();
				req.onsuccess = () => resolve(req.result as T[]);
				req.onerror = () => reject(req.error);
			});
		const out = {
			jobs: await all<StoredJob>('jobs'),
			chunks: await all<StoredChunkRow>('chunks'),
			// Stored in blocks of consecutive sentences (src/lib/db/row-blocks.ts).
			sentences: (await all<{ sentences: StoredSentenceRow[] }>('sentenceBlocks')).flatMap(
				(b) => b.sentences
			),
			results: (await all<{ results: StoredRow[] }>('resultBlocks')).flatMap((b) => b.results)
		};
		idb.close();
		return out;
	});
}
