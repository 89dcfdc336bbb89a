/**
 * The reader's settings as they are kept in localStorage, read back defensively (an old or
 * hand-edited value must not break the page), and the copy a new book takes of them.
 */
import type { JobSettings } from '../db/db.ts';
import { KindError } from '../i18n/error-kind.ts';
import { parseSkipSetting } from '../shared/pipeline/page-ranges.ts';

/** Where the settings live in localStorage. */
export const SETTINGS_KEY = 'fnt:settings';
/** Where the theme lives: its own key, so src/app.html's inline script can read it before paint. */
export const THEME_KEY = 'fnt:theme';

/** Light, dark, or whatever the system prefers. */
export type Theme = 'system' | 'light' | 'dark';

/** What is remembered for the next book. */
export interface StoredSettings {
	limit: number;
	mode: JobSettings['mode'];
	/** The AI model tier the reader chose; absent: the relay's default. */
	tier?: string;
	/** "Pages to skip" as typed: empty for automatic, "none", or ranges such as "1-4, 89". */
	skipPages: string;
}

/** A new reader's settings. */
export const DEFAULT_SETTINGS: StoredSettings = { limit: 8, mode: 'mechanical', skipPages: '' };

/** The tier used when neither the reader nor the relay has named one. */
export const FALLBACK_TIER = 'flash';

/** The relay's AI offer, as config.get gives it. */
export interface AiOffer {
	tiers: string[];
	defaultTier: string;
}

/** Word limits outside 3–50 make no sense for a learner; the relay refuses them too. */
export function clampLimit(n: number): number {
	return Number.isFinite(n) ? Math.min(50, Math.max(3, Math.round(n))) : DEFAULT_SETTINGS.limit;
}

/** The stored settings, with anything missing or invalid replaced by its default. */
export function readSettings(storage: Pick<Storage, 'getItem'>): StoredSettings {
	try {
		const raw = storage.getItem(SETTINGS_KEY);
		if (!raw) return { ...DEFAULT_SETTINGS };
		const parsed = JSON.parse(raw) as Partial<StoredSettings>;
		return {
			limit: clampLimit(Number(parsed.limit ?? DEFAULT_SETTINGS.limit)),
			mode: parsed.mode === 'ai' ? 'ai' : 'mechanical',
			...(typeof parsed.tier === 'string' && parsed.tier && { tier: parsed.tier }),
			skipPages: typeof parsed.skipPages === 'string' ? parsed.skipPages : ''
		};
	} catch {
		return { ...DEFAULT_SETTINGS };
	}
}

/** Saves the settings; a full or blocked storage only loses the memory of them. */
export function writeSettings(storage: Pick<Storage, 'setItem'>, s: StoredSettings): void {
	try {
		storage.setItem(SETTINGS_KEY, JSON.stringify(s));
	} catch {
		// Private browsing or a full quota: the settings still apply for this visit.
	}
}

/** The stored theme; anything else means "as the system". */
export function readTheme(storage: Pick<Storage, 'getItem'>): Theme {
	try {
		const t = storage.getItem(THEME_KEY);
		return t === 'light' || t === 'dark' ? t : 'system';
	} catch {
		return 'system';
	}
}

/** The tier a new AI book runs with: the reader's, if the relay still offers it. */
export function chooseTier(stored: string | undefined, ai: AiOffer | undefined): string {
	if (!ai) return stored ?? FALLBACK_TIER;
	if (stored && ai.tiers.includes(stored)) return stored;
	return ai.defaultTier || ai.tiers[0] || FALLBACK_TIER;
}

/**
 * A plain copy of the settings for a new book: the book keeps it, whatever the reader changes
 * later. Throws a KindError while "Pages to skip" cannot be read.
 */
export function snapshotSettings(s: StoredSettings, ai: AiOffer | undefined): JobSettings {
	const skip = parseSkipSetting(s.skipPages);
	if (!skip.ok) {
		const kind = { code: skip.code, ...(skip.params && { params: skip.params }) };
		throw new KindError(kind, `Pages to skip: ${skip.message}`, { field: 'skip_pages' });
	}
	return {
		limit: clampLimit(s.limit),
		mode: s.mode,
		...(s.mode === 'ai' && { tier: chooseTier(s.tier, ai) }),
		...(skip.excludePages && { excludePages: [...skip.excludePages] })
	};
}
