import type { JobSettings } from '../db/db.ts';
import { parseSkipSetting } from '../shared/pipeline/page-ranges.ts';

const STORAGE_KEY = 'fnt:settings';
const DEFAULTS: JobSettings = { limit: 8, mode: 'mechanical' };

function load(): JobSettings {
	try {
		const raw = localStorage.getItem(STORAGE_KEY);
		if (!raw) return { ...DEFAULTS };
		const parsed = JSON.parse(raw) as Partial<JobSettings>;
		return {
			limit: clampLimit(Number(parsed.limit ?? DEFAULTS.limit)),
			mode: parsed.mode === 'ai' ? 'ai' : 'mechanical'
		};
	} catch {
		return { ...DEFAULTS };
	}
}

/** Word limits outside 3–50 make no sense for a learner; the relay refuses them too. */
export function clampLimit(n: number): number {
	return Number.isFinite(n) ? Math.min(50, Math.max(3, Math.round(n))) : DEFAULTS.limit;
}

/** The user's default job settings, remembered across visits. */
class Settings {
	#value = $state<JobSettings>(load());
	// Page ranges belong to one book, so they live for this visit only, never in localStorage.
	#skipText = $state('');
	#skip = $derived(parseSkipSetting(this.#skipText));

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
	/** "Pages to skip" as typed: empty for automatic, "none", or ranges such as "1-4, 89". */
	get skipPages() {
		return this.#skipText;
	}
	set skipPages(text: string) {
		this.#skipText = text;
	}
	/** Why "Pages to skip" cannot be read, or undefined when it can. */
	get skipPagesError(): string | undefined {
		return this.#skip.ok ? undefined : this.#skip.message;
	}
	/** A plain copy for a new job. Throws, with the reason, while "Pages to skip" is unreadable. */
	snapshot(): JobSettings {
		const skip = this.#skip;
		if (!skip.ok) throw new Error(`Pages to skip: ${skip.message}`);
		return {
			limit: this.#value.limit,
			mode: this.#value.mode,
			...(skip.excludePages && { excludePages: [...skip.excludePages] })
		};
	}
	#save() {
		localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#value));
	}
}

export const settings = new Settings();
