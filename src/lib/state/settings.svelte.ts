import type { JobSettings } from '../db/db.ts';
import type { ErrorKind } from '../i18n/error-kind.ts';
import { PAGE_RANGE_WORDING } from '../i18n/page-range-text.ts';
import { getLocale, setLocale, type Locale } from '../paraglide/runtime.js';
import { parseSkipSetting } from '../shared/pipeline/page-ranges.ts';
import { relayStatus } from './relay-status.svelte.ts';
import {
	DEFAULT_SETTINGS,
	THEME_KEY,
	chooseTier,
	clampLimit,
	readSettings,
	readTheme,
	snapshotSettings,
	writeSettings,
	type StoredSettings,
	type Theme
} from './settings-store.ts';

export { clampLimit, type Theme };

const storage = typeof localStorage === 'undefined' ? undefined : localStorage;

/** Puts the theme on <html>: `data-theme` for light or dark, none to follow the system. */
export function applyTheme(theme: Theme): void {
	if (typeof document === 'undefined') return;
	const root = document.documentElement;
	if (theme === 'system') root.removeAttribute('data-theme');
	else root.setAttribute('data-theme', theme);
}

/** The reader's settings for new books, and the interface's language and theme; all remembered. */
class Settings {
	#value = $state<StoredSettings>(storage ? readSettings(storage) : { ...DEFAULT_SETTINGS });
	#theme = $state<Theme>(storage ? readTheme(storage) : 'system');
	#skip = $derived(parseSkipSetting(this.#value.skipPages));

	get limit() {
		return this.#value.limit;
	}
	set limit(n: number) {
		this.#value.limit = clampLimit(n);
		this.#save();
	}
	get mode() {
		return this.#value.mode;
	}
	set mode(m: JobSettings['mode']) {
		this.#value.mode = m;
		this.#save();
	}
	/** The AI model tier new AI books use: the reader's choice if the relay offers it. */
	get tier(): string {
		return chooseTier(this.#value.tier, relayStatus.aiOffer);
	}
	set tier(t: string) {
		this.#value.tier = t;
		this.#save();
	}
	/** "Pages to skip" as typed: empty for automatic, "none", or ranges such as "1-4, 89". */
	get skipPages() {
		return this.#value.skipPages;
	}
	set skipPages(text: string) {
		this.#value.skipPages = text;
		this.#save();
	}
	/** Why "Pages to skip" cannot be read, or undefined when it can. */
	get skipPagesProblem(): ErrorKind | undefined {
		const skip = this.#skip;
		return skip.ok ? undefined : { code: skip.code, ...(skip.params && { params: skip.params }) };
	}
	/** The same, worded for the reader. */
	get skipPagesError(): string | undefined {
		const skip = this.#skip;
		return skip.ok ? undefined : PAGE_RANGE_WORDING[skip.code](skip.params ?? {}, {});
	}
	/** Light, dark, or as the system. */
	get theme(): Theme {
		return this.#theme;
	}
	set theme(t: Theme) {
		this.#theme = t;
		try {
			if (t === 'system') storage?.removeItem(THEME_KEY);
			else storage?.setItem(THEME_KEY, t);
		} catch {
			// Storage blocked: the theme still applies for this visit.
		}
		applyTheme(t);
	}
	/** The interface language. */
	get language(): Locale {
		return getLocale();
	}
	/** Remembers the language and reloads the page in it (running books resume after a reload). */
	set language(l: Locale) {
		if (l !== getLocale()) void setLocale(l);
	}
	/**
	 * A plain copy for a new book, which keeps it whatever changes later. Throws a KindError
	 * (worded by errorText) while "Pages to skip" is unreadable.
	 */
	snapshot(): JobSettings {
		return snapshotSettings(this.#value, relayStatus.aiOffer);
	}
	#save() {
		if (storage) writeSettings(storage, $state.snapshot(this.#value));
	}
}

export const settings = new Settings();
