import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay, type Relay } from '../../server/relay.ts';

/** Debian's chromium; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network it cannot reach in CI. */
const QUIET_FLAGS = [
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/** Launches headless Debian chromium. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: QUIET_FLAGS });
}

/** A relay serving the built app, with or without a mock Gemini behind it. */
export interface Stack {
	relay: Relay;
	mock?: MockGemini;
	close(): Promise<void>;
}

/** Starts the relay (and the mock Gemini when `ai`) on port 0, with SQLite in a temp dir. */
export async function startStack(opts: {
	ai: boolean;
	port?: number;
	dataDir?: string;
	/** More relay environment, over the defaults. */
	env?: Record<string, string>;
}): Promise<Stack> {
	const mock = opts.ai ? await startMockGemini({ port: 0 }) : undefined;
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'fnt-e2e-'));
	const config = loadConfig({
		PORT: String(opts.port ?? 0),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		// FNT_BUILD_DIR: a build of one's own, so that two builds at once do not collide.
		STATIC_DIR: process.env.FNT_BUILD_DIR ?? join(import.meta.dirname, '../../build'),
		...(mock ? { GEMINI_API_KEY: 'test-key-e2e', GEMINI_BASE_URL: mock.url } : {}),
		...opts.env
	});
	const relay = await startRelay(config);
	return {
		relay,
		mock,
		async close() {
			await relay.close();
			await mock?.close();
			if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A fresh browser context (its own IndexedDB) and page, with console errors collected. */
export async function openApp(
	browser: Browser,
	url: string,
	opts: { signUp?: boolean } = {}
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const context = await browser.newContext();
	// Before the first page load, so the page starts signed in (AI mode needs an account).
	if (opts.signUp) await signUp(context, url);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	await page.goto(url);
	return { context, page, errors };
}

/**
 * Signs a new reader up through the relay's API with the context's own request API, so the
 * session cookie lands in the context's cookie jar and every later request of its pages is
 * signed in. Returns the account's email and password.
 */
export async function signUp(
	context: BrowserContext,
	url: string,
	email = `reader-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`
): Promise<{ email: string; password: string }> {
	const password = 'correct horse battery staple';
	const res = await context.request.post(`${url}/trpc/auth.signUp`, { data: { email, password } });
	if (!res.ok()) throw new Error(`sign-up failed: ${res.status()} ${await res.text()}`);
	return { email, password };
}

/** The fixture PDFs' folder. */
export const FIXTURES = join(import.meta.dirname, '../fixtures');
