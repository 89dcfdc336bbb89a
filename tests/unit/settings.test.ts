import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { KindError } from '../../src/lib/i18n/error-kind.ts';
import { errorText } from '../../src/lib/i18n/error-messages.ts';
import { ratioWord, tierPriceText } from '../../src/lib/i18n/tier-price.ts';
import { runJob, type PdfPort, type RelayPort } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import {
	DEFAULT_SETTINGS,
	SETTINGS_KEY,
	THEME_KEY,
	chooseTier,
	clampLimit,
	readSettings,
	readTheme,
	snapshotSettings,
	writeSettings,
	type StoredSettings
} from '../../src/lib/state/settings-store.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { readResults } from '../../src/lib/db/result-store.ts';

/** localStorage in a Map. */
function memoryStorage(entries: Record<string, string> = {}) {
	const map = new Map(Object.entries(entries));
	return {
		getItem: (k: string) => map.get(k) ?? null,
		setItem: (k: string, v: string) => void map.set(k, v),
		map
	};
}

const AI = { tiers: ['flash', 'lite'], defaultTier: 'flash' };

describe('the word limit', () => {
	it('stays within 3–50 and rounds to a whole word', () => {
		expect(clampLimit(2)).toBe(3);
		expect(clampLimit(-10)).toBe(3);
		expect(clampLimit(51)).toBe(50);
		expect(clampLimit(7.6)).toBe(8);
		expect(clampLimit(12)).toBe(12);
	});

	it('falls back to 8 for what is not a number', () => {
		expect(clampLimit(Number.NaN)).toBe(8);
		expect(clampLimit(Number.POSITIVE_INFINITY)).toBe(8);
	});
});

describe('saved settings', () => {
	it('start from limit 8, mechanical mode, automatic page skipping', () => {
		expect(readSettings(memoryStorage())).toEqual({
			limit: 8,
			mode: 'mechanical',
			skipPages: ''
		});
	});

	it('come back after a reload with the limit, mode, tier and pages to skip', () => {
		const storage = memoryStorage();
		const chosen: StoredSettings = { limit: 12, mode: 'ai', tier: 'lite', skipPages: '1-4, 89' };
		writeSettings(storage, chosen);
		expect(readSettings(storage)).toEqual(chosen);
	});

	it('clamp a stored limit and ignore an unknown mode or broken JSON', () => {
		const storage = memoryStorage({
			[SETTINGS_KEY]: JSON.stringify({ limit: 400, mode: 'magic', skipPages: 3 })
		});
		expect(readSettings(storage)).toEqual({ limit: 50, mode: 'mechanical', skipPages: '' });
		expect(readSettings(memoryStorage({ [SETTINGS_KEY]: '{not json' }))).toEqual(DEFAULT_SETTINGS);
	});

	it('survive a storage that refuses writes', () => {
		const full = {
			setItem: () => {
				throw new DOMException('quota', 'QuotaExceededError');
			}
		};
		expect(() => writeSettings(full, DEFAULT_SETTINGS)).not.toThrow();
	});

	it('read the theme as light, dark, or as the system for anything else', () => {
		expect(readTheme(memoryStorage({ [THEME_KEY]: 'dark' }))).toBe('dark');
		expect(readTheme(memoryStorage({ [THEME_KEY]: 'light' }))).toBe('light');
		expect(readTheme(memoryStorage({ [THEME_KEY]: 'purple' }))).toBe('system');
		expect(readTheme(memoryStorage())).toBe('system');
	});
});

describe('the copy a new book takes', () => {
	it("includes the reader's tier in AI mode", () => {
		const s: StoredSettings = { limit: 10, mode: 'ai', tier: 'lite', skipPages: '' };
		expect(snapshotSettings(s, AI)).toEqual({ limit: 10, mode: 'ai', tier: 'lite' });
	});

	it("uses the relay's default tier when the reader chose none, or one it no longer offers", () => {
		expect(snapshotSettings({ ...DEFAULT_SETTINGS, mode: 'ai' }, AI).tier).toBe('flash');
		expect(snapshotSettings({ ...DEFAULT_SETTINGS, mode: 'ai', tier: 'pro' }, AI).tier).toBe(
			'flash'
		);
		expect(chooseTier(undefined, { tiers: ['lite'], defaultTier: 'lite' })).toBe('lite');
	});

	it('has no tier in mechanical mode', () => {
		expect(snapshotSettings({ ...DEFAULT_SETTINGS, tier: 'lite' }, AI)).toEqual({
			limit: 8,
			mode: 'mechanical'
		});
	});

	it('carries the pages to skip, and is a copy the settings cannot change later', () => {
		const s: StoredSettings = { limit: 8, mode: 'mechanical', skipPages: '1-3' };
		const copy = snapshotSettings(s, AI);
		expect(copy.excludePages).toEqual([1, 2, 3]);
		s.limit = 20;
		s.skipPages = '9';
		expect(copy).toEqual({ limit: 8, mode: 'mechanical', excludePages: [1, 2, 3] });
	});

	it('is refused, with the reason in the reader’s language, while "Pages to skip" is unreadable', () => {
		let thrown: unknown;
		try {
			snapshotSettings({ ...DEFAULT_SETTINGS, skipPages: '1-x' }, AI);
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeInstanceOf(KindError);
		expect(errorText(thrown, { locale: 'en' })).toBe(
			'Pages to skip: "1-x" is not a page or a range like 1-4.'
		);
		expect(errorText(thrown, { locale: 'fr' })).toBe(
			'Pages à ignorer : « 1-x » n’est ni une page ni une plage comme 1-4.'
		);
	});
});

describe('a book that is running keeps the settings it started with', () => {
	it('ignores a change of the saved settings made while it runs', async () => {
		const storage = memoryStorage();
		writeSettings(storage, { limit: 5, mode: 'mechanical', skipPages: '' });
		const db = new NovelDb('settings-snapshot');
		const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
		const jobId = await createJob(db, hash, 'book', snapshotSettings(readSettings(storage), AI));
		const pages = [
			"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec sa maison."
		];
		// The reader changes the settings while the PDF is being read.
		const pdf: PdfPort = {
			async extract() {
				writeSettings(storage, { limit: 40, mode: 'ai', tier: 'lite', skipPages: '1' });
				return { ok: true, pages, pageCount: 1 };
			}
		};
		const relay: RelayPort = {
			normalize: () => Promise.reject(new Error('mechanical mode never calls the relay'))
		};
		await runJob(
			{
				db,
				pdf,
				relay,
				concurrency: 1,
				budget: { maxItems: 10, maxChars: 10_000 },
				retry: { maxAttempts: 1, baseMs: 1, maxMs: 1 },
				sleep: async () => {},
				waitForConnection: async () => {}
			},
			jobId,
			new AbortController().signal
		);
		const job = await db.jobs.get(jobId);
		expect(job?.status).toBe('completed');
		expect(job?.settings).toEqual({ limit: 5, mode: 'mechanical' });
		const results = await readResults(db, jobId);
		const out = results.flatMap((r) => r.sentences);
		expect(out.length).toBeGreaterThan(1);
		for (const s of out) expect(countWords(s)).toBeLessThanOrEqual(5);
		expect(readSettings(storage).limit).toBe(40);
	});
});

describe('the price of the tiers, in words', () => {
	it('says Lite costs about a third of Flash, in English and in French', () => {
		const prices = { flash: 0.03, lite: 0.01 };
		expect(tierPriceText(prices, { locale: 'en' })).toBe('Lite costs about a third of Flash.');
		expect(tierPriceText(prices, { locale: 'fr' })).toBe(
			'Lite coûte environ un tiers du prix de Flash.'
		);
	});

	it('uses the nearest plain fraction, or a percentage when none is close', () => {
		expect(ratioWord(0.5)).toBe('half');
		expect(ratioWord(0.26)).toBe('quarter');
		expect(ratioWord(0.42)).toEqual({ percent: 42 });
		expect(tierPriceText({ flash: 0.03, lite: 0.0126 }, { locale: 'en' })).toBe(
			'Lite costs about 42% of Flash.'
		);
	});

	it('says when the tiers cost the same, and nothing with a single tier', () => {
		expect(tierPriceText({ flash: 0.02, lite: 0.02 }, { locale: 'en' })).toBe(
			'Flash and Lite cost the same.'
		);
		expect(tierPriceText({ flash: 0.03 })).toBeUndefined();
		expect(tierPriceText(undefined)).toBeUndefined();
	});
});
