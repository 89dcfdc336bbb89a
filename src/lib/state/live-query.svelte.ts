import { liveQuery } from 'dexie';

/**
 * A Dexie liveQuery as a rune: `current` updates whenever the queried tables change, in this
 * tab or another. `deps` is read synchronously so Svelte re-subscribes when it changes.
 */
export function liveValue<D, T>(deps: () => D, query: (d: D) => Promise<T>, initial: T) {
	let value = $state<T>(initial);
	let loaded = $state(false);
	$effect(() => {
		const d = deps();
		const sub = liveQuery(() => query(d)).subscribe({
			next: (v) => {
				value = v;
				loaded = true;
			},
			error: (e: unknown) => console.error('IndexedDB query failed', e)
		});
		return () => sub.unsubscribe();
	});
	return {
		get current() {
			return value;
		},
		/** Whether the query has answered once: before that, `current` is only `initial`. */
		get loaded() {
			return loaded;
		}
	};
}
