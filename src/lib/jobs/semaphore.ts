/**
 * A counting semaphore: at most `limit` holders at once, served in arrival order. The limit
 * may change while calls wait (the relay's advertised concurrency can arrive after a resume
 * has started): a lower limit takes effect as holders release, a higher one at once.
 */
export class Semaphore {
	#limit: number;
	#active = 0;
	#waiting: (() => void)[] = [];

	constructor(limit: number) {
		this.#limit = limit;
	}

	/** The most holders at once. */
	get limit(): number {
		return this.#limit;
	}
	set limit(n: number) {
		this.#limit = n;
		this.#pump();
	}

	/** Waits for a slot; the returned function gives it back (call it once). */
	async acquire(signal?: AbortSignal): Promise<() => void> {
		if (this.#active < this.#limit && this.#waiting.length === 0) {
			this.#active += 1;
		} else {
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
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#active -= 1;
			this.#pump();
		};
	}

	/** Holders right now. */
	get active(): number {
		return this.#active;
	}

	#pump(): void {
		while (this.#active < this.#limit && this.#waiting.length > 0) {
			this.#active += 1;
			this.#waiting.shift()?.();
		}
	}
}
