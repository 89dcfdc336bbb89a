import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startRelay, type Relay } from '../../server/relay.ts';
import {
	CHROMIUM_PATH,
	FIXTURES,
	launchChromium,
	openApp,
	startStack,
	type Stack
} from './harness.ts';

const ROOT = join(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'build');
const SAINT_SIMON = join(FIXTURES, 'saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
const COMPLETED = '[data-testid="job"][data-status="completed"]';

let browser: Browser;
let stack: Stack;
const temp: string[] = [];
const tempDir = (prefix: string) => {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	temp.push(dir);
	return dir;
};

beforeAll(async () => {
	browser = await launchChromium();
	stack = await startStack({ ai: false });
});
afterAll(async () => {
	await browser?.close();
	await stack?.close();
	for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the service worker controls the page; its install has precached the shell. */
async function swControls(page: Page): Promise<string> {
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
		timeout: 30_000
	});
	return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

/** The app version the page runs (kit's version name, from the root layout). */
function appVersion(page: Page): Promise<string | null> {
	return page.locator('meta[name="app-version"]').getAttribute('content');
}

function buildVersion(dir: string): string {
	return (JSON.parse(readFileSync(join(dir, '_app/version.json'), 'utf8')) as { version: string })
		.version;
}

/** Drops a PDF on the drop zone, as a reader dragging it from the desktop does. */
async function dropPdf(page: Page, path: string): Promise<void> {
	const dataTransfer = await page.evaluateHandle(
		({ b64, name }) => {
			const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], name, { type: 'application/pdf' }));
			return dt;
		},
		{ b64: readFileSync(path).toString('base64'), name: 'saint-simon.pdf' }
	);
	await page
		.getByRole('region', { name: 'Drop a PDF here' })
		.dispatchEvent('drop', { dataTransfer });
}

/**
 * Shares a file the way the OS does: a multipart POST navigation to the manifest's
 * share_target, from a page that is not the app (`from` about:blank) or from the app itself.
 */
async function sharePdf(page: Page, appUrl: string, file: string): Promise<void> {
	await page.evaluate((action) => {
		const form = document.createElement('form');
		form.method = 'post';
		form.enctype = 'multipart/form-data';
		form.action = action;
		form.id = 'os-share';
		form.innerHTML = '<input type="file" name="pdf" /><button type="submit">Share</button>';
		document.body.append(form);
	}, `${appUrl}/share`);
	await page.locator('#os-share input').setInputFiles(file);
	await Promise.all([
		page.waitForURL(/\/share\?id=\d+$/, { timeout: 60_000 }),
		page.locator('#os-share button').click()
	]);
}

/** Every URL in the service worker's caches, read from the page. */
function cachedUrls(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			urls.push(...(await cache.keys()).map((r) => r.url));
		}
		return urls;
	});
}

describe('offline', () => {
	it('after one online visit, opens offline and completes a dropped PDF in mechanical mode', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		expect(await swControls(page)).toMatch(/\/service-worker\.js$/);

		await context.setOffline(true);
		await page.reload();
		await expect
			.poll(() => page.getByRole('heading', { level: 1 }).textContent())
			.toBe('French Novel Tool');
		await page.getByRole('radio', { name: /Mechanical/ }).check();
		await dropPdf(page, SAINT_SIMON);
		await expect.poll(() => page.locator(COMPLETED).count(), { timeout: 90_000 }).toBe(1);
		// The book's own page opens offline too; it lists rows in a virtual list, so the count
		// is of every sentence of the book, not of the rows in the DOM.
		await page.getByTestId('job-open').first().click();
		await page.waitForURL(/\/book\/[\w-]+$/u);
		await expect
			.poll(async () =>
				parseInt((await page.getByTestId('sentence-count').textContent()) ?? '', 10)
			)
			.toBeGreaterThan(800);
		expect(await page.getByTestId('result-row').count()).toBeGreaterThan(0);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('share target and file handling', () => {
	let bigPdf: string;
	beforeAll(async () => {
		// Over 20 MB: the Saint-Simon fixture plus an incompressible 20 MB attachment (pdf-lib).
		const doc = await PDFDocument.load(readFileSync(SAINT_SIMON));
		await doc.attach(randomBytes(20 * 1024 * 1024), 'padding.bin', {
			mimeType: 'application/octet-stream'
		});
		bigPdf = join(tempDir('fnt-pwa-'), 'saint-simon-20mb.pdf');
		writeFileSync(bigPdf, await doc.save());
	});

	it('turns a PDF shared while the app is open into a job, with settings changed before Start', async () => {
		const { context, page, errors } = await openApp(browser, stack.relay.url);
		await swControls(page);
		await sharePdf(page, stack.relay.url, SAINT_SIMON);

		const shared = page.getByTestId('share-file');
		await expect.poll(() => shared.textContent()).toMatch(/saint-simon_memoires_XX.*\.pdf/);
		expect(await shared.count()).toBe(1);
		// The reader's defaults are shown and can be changed for this book.
		await page.getByTestId('word-limit').fill('10');
		await page.getByTestId('word-limit').dispatchEvent('change');
		await page.getByRole('radio', { name: /Mechanical/ }).check();
		await page.getByTestId('share-start').click();

		await page.waitForURL(`${stack.relay.url}/`);
		await expect.poll(() => page.locator(COMPLETED).count(), { timeout: 90_000 }).toBe(1);
		expect(await page.getByTestId('job').textContent()).toMatch(/limit 10 words/);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('takes a 20 MB PDF shared while no app page is open', async () => {
		expect(statSync(bigPdf).size).toBeGreaterThanOrEqual(20 * 1024 * 1024);
		const { context, page } = await openApp(browser, stack.relay.url);
		await swControls(page);
		await page.close();

		// The OS posts from outside the app: the service worker wakes up for the navigation.
		const sharer = await context.newPage();
		const errors: string[] = [];
		sharer.on('pageerror', (e) => errors.push(String(e)));
		await sharer.goto('about:blank');
		await sharePdf(sharer, stack.relay.url, bigPdf);
		await expect
			.poll(() => sharer.getByTestId('share-file').textContent())
			.toMatch(/saint-simon-20mb\.pdf\s*2\d\.\d MB/);
		await sharer.getByTestId('share-start').click();
		await sharer.waitForURL(`${stack.relay.url}/`);
		await expect.poll(() => sharer.locator(COMPLETED).count(), { timeout: 90_000 }).toBe(1);
		// Nothing is left in the inbox once the job exists.
		expect(
			await sharer.evaluate(
				() =>
					new Promise<number>((resolve) => {
						const open = indexedDB.open('french-novel-tool');
						open.onsuccess = () => {
							const req = open.result.transaction('shares').objectStore('shares').count();
							req.onsuccess = () => resolve(req.result);
						};
					})
			)
		).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('sends files from "Open with" (launchQueue) to the share page', async () => {
		const context = await browser.newContext();
		// Chromium fills launchQueue only for an installed app; stand in for it.
		await context.addInitScript(() => {
			Object.defineProperty(window, 'launchQueue', {
				value: {
					setConsumer(consumer: unknown) {
						(window as unknown as { launchConsumer: unknown }).launchConsumer = consumer;
					}
				}
			});
		});
		const page = await context.newPage();
		await page.goto(`${stack.relay.url}/share`);
		await page.waitForFunction(() => 'launchConsumer' in window);
		await page.evaluate(() => {
			const file = new File(['%PDF-1.7 opened'], 'opened.pdf', { type: 'application/pdf' });
			const consumer = (window as unknown as { launchConsumer: (p: unknown) => void })
				.launchConsumer;
			consumer({ files: [{ getFile: async () => file }] });
		});
		await expect.poll(() => page.getByTestId('share-file').textContent()).toMatch(/opened\.pdf/);
		await context.close();
	});

	it('explains the picker and Add to Home Screen for iOS when nothing was shared', async () => {
		const { context, page } = await openApp(browser, `${stack.relay.url}/share`);
		await expect
			.poll(() => page.getByTestId('ios-help').textContent())
			.toMatch(/Add to Home Screen/);
		expect(await page.getByTestId('ios-help').textContent()).toMatch(/7 days/);
		await expect.poll(() => page.getByTestId('file-input').count()).toBe(1);
		await context.close();
	});
});

describe('installability', () => {
	it('serves a manifest with the fields, icons, share target and file handler an install needs', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
		const manifest = await page.evaluate(
			(href) => fetch(href).then((r) => r.json()),
			manifestHref!
		);
		expect(manifest).toMatchObject({
			name: 'French Novel Tool',
			short_name: expect.any(String),
			start_url: '/',
			display: 'standalone',
			theme_color: '#1d3557',
			background_color: expect.stringMatching(/^#/),
			share_target: {
				action: '/share',
				method: 'POST',
				enctype: 'multipart/form-data',
				params: { files: [{ name: 'pdf', accept: ['application/pdf', '.pdf'] }] }
			},
			file_handlers: [{ action: '/share', accept: { 'application/pdf': ['.pdf'] } }]
		});
		const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
		for (const purpose of ['any', 'maskable']) {
			expect(icons.filter((i) => i.purpose === purpose).map((i) => i.sizes)).toEqual([
				'192x192',
				'512x512'
			]);
		}
		// Each icon file really has the size it claims, and so does the apple-touch-icon.
		const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
		const claimed = [
			...icons.map((i) => ({ src: i.src, sizes: i.sizes })),
			{
				src: apple!,
				sizes: '180x180'
			}
		];
		const actual = await page.evaluate(
			(list) =>
				Promise.all(
					list.map(
						({ src }) =>
							new Promise<string>((resolve, reject) => {
								const img = new Image();
								img.onload = () => resolve(`${img.naturalWidth}x${img.naturalHeight}`);
								img.onerror = () => reject(new Error(`icon ${src} did not load`));
								img.src = src;
							})
					)
				),
			claimed
		);
		expect(actual).toEqual(claimed.map((c) => c.sizes));
		await context.close();
	});

	it("passes Chromium's own installability check (the one Lighthouse reads)", async () => {
		// An incognito context is never installable, so this test uses a real profile.
		const profile = tempDir('fnt-profile-');
		const context: BrowserContext = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			headless: true
		});
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(stack.relay.url);
		expect(await swControls(page)).toMatch(/\/service-worker\.js$/);
		const cdp = await context.newCDPSession(page);
		const { errors } = await cdp.send('Page.getAppManifest');
		expect(errors).toEqual([]);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
		await context.close();
	});

	it('precaches the app shell and the pdf.js worker', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await swControls(page);
		const urls = await cachedUrls(page);
		// Our PDF worker (hashed name), which bundles pdf.js's worker code and runs it in-process.
		expect(urls.some((u) => /\/workers\/pdf\.worker-[\w-]+\.js$/.test(u))).toBe(true);
		expect(urls.some((u) => /\/index\.html(\?|$)/.test(u))).toBe(true);
		expect(urls.some((u) => /\/manifest\.webmanifest(\?|$)/.test(u))).toBe(true);
		await context.close();
	});

	it('shows an Install button when the browser offers installation', async () => {
		const { context, page } = await openApp(browser, stack.relay.url);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
		expect(await page.getByTestId('install-app').count()).toBe(0);
		// Headless Chromium never offers installation itself; send the event it would send.
		await page.evaluate(() => {
			const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
				prompt: async () => void ((window as unknown as { prompted: boolean }).prompted = true),
				userChoice: Promise.resolve({ outcome: 'accepted' })
			});
			window.dispatchEvent(offer);
		});
		await page.getByTestId('install-app').click();
		await expect.poll(() => page.evaluate(() => 'prompted' in window)).toBe(true);
		await expect.poll(() => page.getByTestId('install-app').count()).toBe(0);
		await context.close();
	});
});

describe('update flow', () => {
	let secondBuild: string;
	beforeAll(() => {
		// A second real build: kit names each build's version, so its service worker differs.
		secondBuild = tempDir('fnt-build-b-');
		const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
			cwd: ROOT,
			// Vitest sets NODE_ENV=test, which would make Vite build the development flavour.
			env: { ...process.env, NODE_ENV: 'production', FNT_BUILD_DIR: secondBuild },
			encoding: 'utf8'
		});
		if (built.status !== 0) throw new Error(`second build failed:\n${built.stderr}`);
	});

	/** The relay serving one build, on a fixed port so both builds share an origin. */
	async function serve(staticDir: string, port: number): Promise<Relay> {
		const dataDir = tempDir('fnt-relay-');
		return startRelay(
			loadConfig({
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: dataDir,
				STATIC_DIR: staticDir
			})
		);
	}

	/** Marks a job as processing, straight in IndexedDB, as a running job would be. */
	function fakeRunningJob(page: Page, present: boolean): Promise<void> {
		return page.evaluate(
			(add) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('french-novel-tool');
					open.onsuccess = () => {
						const tx = open.result.transaction('jobs', 'readwrite');
						const jobs = tx.objectStore('jobs');
						if (add) {
							jobs.put({
								id: 'running',
								fileHash: 'none',
								name: 'Running book',
								settings: { limit: 8, mode: 'mechanical' },
								status: 'processing',
								progressPercent: 50,
								currentStep: 'Processing',
								totalChunks: 2,
								processedChunks: 1,
								failedChunks: 0,
								createdAt: Date.now()
							});
						} else {
							jobs.delete('running');
						}
						tx.oncomplete = () => resolve();
						tx.onerror = () => reject(tx.error);
					};
				}),
			present
		);
	}

	it('offers the new version on the next visit, asks under a running job, then reloads into it', async () => {
		const [first, second] = [buildVersion(BUILD), buildVersion(secondBuild)];
		expect(first).not.toBe(second);

		// One origin, two builds: the relay serving build A stops and one serving build B takes its port.
		let relay: Relay | undefined = await serve(BUILD, 0);
		const url = relay.url;
		const { context, page, errors } = await openApp(browser, url);
		try {
			await swControls(page);
			expect(await appVersion(page)).toBe(first);
			expect(await page.getByTestId('update-banner').count()).toBe(0);
			await relay.close();
			relay = undefined;
			relay = await serve(secondBuild, Number(new URL(url).port));

			await page.goto(url);
			await page.getByTestId('update-banner').waitFor({ timeout: 30_000 });
			// Still the old code: nothing reloads by itself.
			expect(await appVersion(page)).toBe(first);

			// A book is being processed: Reload asks first, and "Not now" keeps the page.
			await fakeRunningJob(page, true);
			await page.evaluate(() => ((window as unknown as { stay: boolean }).stay = true));
			await page.getByTestId('update-reload').click();
			await page.getByTestId('update-confirm').waitFor();
			await page.getByTestId('update-later').click();
			await expect.poll(() => page.getByTestId('update-confirm').count()).toBe(0);
			expect(await page.evaluate(() => 'stay' in window)).toBe(true);
			await fakeRunningJob(page, false);

			// The new version still waits, so the next visit offers it again; with no job running,
			// Reload switches at once.
			await page.reload();
			await page.getByTestId('update-reload').click();
			await expect.poll(() => appVersion(page), { timeout: 30_000 }).toBe(second);
			expect(await page.getByTestId('update-banner').count()).toBe(0);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
			await relay?.close();
		}
	});
});
