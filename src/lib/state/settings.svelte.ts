import type { JobSettings } from '../db/db.ts';

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
	/** A plain copy for a new job. */
	snapshot(): JobSettings {
		return { limit: this.#value.limit, mode: this.#value.mode };
	}
	#save() {
		localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#value));
	}
}

export const settings = new Settings();
