/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
export class Semaphore {
	#active = 0;
	#waiting: (() => void)[] = [];

	constructor(public limit: number) {}

	/** Waits for a slot; the returned function gives it back (call it once). */
	async acquire(signal?: AbortSignal): Promise<() => void> {
		if (this.#active >= this.limit) {
			await new Promise<void>((resolve, reject) => {
				const onAbort = () => {
					this.#waiting = this.#waiting.filter((w) => w !== grant);
					reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
				};
				const grant = () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				};
				if (signal?.aborted) return onAbort();
				signal?.addEventListener('abort', onAbort, { once: true });
				this.#waiting.push(grant);
			});
		} else {
			this.#active += 1;
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.#waiting.shift();
			// The slot passes straight to the next waiter, so #active stays the same.
			if (next) next();
			else this.#active -= 1;
		};
	}

	/** Holders right now. */
	get active(): number {
		return this.#active;
	}
}
