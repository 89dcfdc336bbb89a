/** Joins identical calls in flight: in this process (SingleFlight) or across relays (Redis). */
export interface Flights<T> {
	/** Runs `work` for `key`, or joins the run already in progress; `joined` says which. */
	run(key: string, work: () => Promise<T>): Promise<{ value: T; joined: boolean }>;
}

/**
 * Joins concurrent calls for the same key: the first runs, the others wait for its outcome.
 * Two identical chunk calls in flight at once (a retry racing a slow answer) thus make one
 * Gemini request and one charge.
 */
export class SingleFlight<T> implements Flights<T> {
	#running = new Map<string, Promise<T>>();

	/** Runs `work` for `key`, or joins the run already in progress; `joined` says which. */
	async run(key: string, work: () => Promise<T>): Promise<{ value: T; joined: boolean }> {
		const running = this.#running.get(key);
		if (running) return { value: await running, joined: true };
		const p = work();
		this.#running.set(key, p);
		try {
			return { value: await p, joined: false };
		} finally {
			this.#running.delete(key);
		}
	}
}
