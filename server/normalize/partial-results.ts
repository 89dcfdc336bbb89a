import type { ItemResult } from '../../src/lib/shared/pipeline/types.ts';

/** Items answered by chunk calls that then failed, by chunk key: in memory, or in Redis. */
export interface PartialStore {
	/** What earlier runs of `key` answered, by item index. */
	get(key: string): Promise<ReadonlyMap<number, ItemResult> | undefined>;
	/** Adds what a failed run answered. */
	keep(key: string, items: readonly ItemResult[]): Promise<void>;
	/** Forgets `key` once its chunk is stored whole. */
	drop(key: string): Promise<void>;
}

/**
 * Items already answered by a chunk call that then failed, by chunk key, kept in memory for
 * a while so that the browser's retry of that chunk asks Gemini only for the rest. Losing
 * them (a restart) costs a re-ask, never a wrong answer.
 */
export class PartialResults implements PartialStore {
	#byKey = new Map<string, { at: number; items: Map<number, ItemResult> }>();

	constructor(
		private readonly ttlMs = 3_600_000,
		private readonly maxKeys = 10_000
	) {}

	/** What earlier runs of `key` answered, by item index. */
	async get(key: string, now = Date.now()): Promise<ReadonlyMap<number, ItemResult> | undefined> {
		const entry = this.#byKey.get(key);
		if (entry && now - entry.at > this.ttlMs) this.#byKey.delete(key);
		return this.#byKey.get(key)?.items;
	}

	/** Adds what a failed run answered. */
	async keep(key: string, items: readonly ItemResult[], now = Date.now()): Promise<void> {
		const entry = this.#byKey.get(key) ?? { at: now, items: new Map() };
		for (const item of items) entry.items.set(item.i, item);
		entry.at = now;
		this.#byKey.set(key, entry);
		// Oldest first: a Map iterates in insertion order.
		while (this.#byKey.size > this.maxKeys) {
			this.#byKey.delete(this.#byKey.keys().next().value as string);
		}
	}

	/** Forgets `key` once its chunk is stored whole. */
	async drop(key: string): Promise<void> {
		this.#byKey.delete(key);
	}
}
