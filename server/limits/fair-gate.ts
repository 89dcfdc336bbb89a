/**
 * The global gate in front of Gemini: at most `capacity` calls at once, and a fair queue that
 * serves waiting users in turn, so one user's 600-page book cannot starve another's short
 * one. When Gemini answers 429, the gate halves its capacity and pauses for the RetryInfo
 * delay (capped); each run of successes then adds a slot back, up to the configured maximum.
 */

/** A held slot; `release` must be called exactly once. */
export interface GatePermit {
	/** Frees the slot. `rateLimitedMs` reports a Gemini 429 and its retry delay. */
	release(outcome?: { rateLimitedMs?: number }): void;
}

interface Waiter {
	user: string;
	grant: (permit: GatePermit) => void;
	since: number;
}

/** A snapshot for metrics and the admin page. */
export interface GateStats {
	active: number;
	queued: number;
	capacity: number;
	maxCapacity: number;
	pausedForMs: number;
	byUser: { user: string; active: number; queued: number }[];
}

/** What the chunk calls need of a gate: in-process (FairGate) or shared through Redis. */
export interface Gate {
	readonly maxCapacity: number;
	/** Waits for a slot, in the user's turn. Rejects with an AbortError if `signal` fires first. */
	acquire(user: string, signal?: AbortSignal): Promise<GatePermit>;
	/** How the gate stands now, as this relay sees it. */
	stats(): GateStats;
	/** Stops timers and leaves (at shutdown). */
	close(): void;
}

/** The fair, self-pacing semaphore of one process. */
export class FairGate implements Gate {
	readonly maxCapacity: number;
	#capacity: number;
	#active = 0;
	#activeBy = new Map<string, number>();
	// Insertion order is the round-robin order: a served user moves to the back.
	#queues = new Map<string, Waiter[]>();
	#pausedUntil = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#streak = 0;

	constructor(
		maxCapacity: number,
		private readonly opts: {
			maxBackoffMs: number;
			now?: () => number;
			onWait?: (ms: number) => void;
		}
	) {
		this.maxCapacity = maxCapacity;
		this.#capacity = maxCapacity;
	}

	#now(): number {
		return this.opts.now?.() ?? Date.now();
	}

	/** Waits for a slot, in the user's turn. Rejects with an AbortError if `signal` fires first. */
	acquire(user: string, signal?: AbortSignal): Promise<GatePermit> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise<GatePermit>((resolve, reject) => {
			const waiter: Waiter = { user, grant: resolve, since: this.#now() };
			const onAbort = () => {
				const q = this.#queues.get(user);
				const at = q?.indexOf(waiter) ?? -1;
				if (q && at >= 0) {
					q.splice(at, 1);
					if (q.length === 0) this.#queues.delete(user);
					reject(abortError());
				}
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			waiter.grant = (permit) => {
				signal?.removeEventListener('abort', onAbort);
				resolve(permit);
			};
			const q = this.#queues.get(user);
			if (q) q.push(waiter);
			else this.#queues.set(user, [waiter]);
			this.#pump();
		});
	}

	/** How the gate stands now. */
	stats(): GateStats {
		const users = new Set([...this.#activeBy.keys(), ...this.#queues.keys()]);
		return {
			active: this.#active,
			queued: [...this.#queues.values()].reduce((n, q) => n + q.length, 0),
			capacity: this.#capacity,
			maxCapacity: this.maxCapacity,
			pausedForMs: Math.max(0, this.#pausedUntil - this.#now()),
			byUser: [...users].map((user) => ({
				user,
				active: this.#activeBy.get(user) ?? 0,
				queued: this.#queues.get(user)?.length ?? 0
			}))
		};
	}

	/** Stops the pacing timer (at shutdown). */
	close(): void {
		clearTimeout(this.#timer);
	}

	#pump(): void {
		const wait = this.#pausedUntil - this.#now();
		if (wait > 0) {
			if (!this.#timer) {
				this.#timer = setTimeout(() => {
					this.#timer = undefined;
					this.#pump();
				}, wait);
				this.#timer.unref?.();
			}
			return;
		}
		while (this.#active < this.#capacity && this.#queues.size > 0) {
			const [user, q] = this.#queues.entries().next().value as [string, Waiter[]];
			const waiter = q.shift()!;
			this.#queues.delete(user);
			if (q.length > 0) this.#queues.set(user, q);
			this.#active += 1;
			this.#activeBy.set(user, (this.#activeBy.get(user) ?? 0) + 1);
			this.opts.onWait?.(this.#now() - waiter.since);
			waiter.grant(this.#permit(user));
		}
	}

	#permit(user: string): GatePermit {
		let released = false;
		return {
			release: (outcome) => {
				if (released) return;
				released = true;
				this.#active -= 1;
				const n = (this.#activeBy.get(user) ?? 1) - 1;
				if (n > 0) this.#activeBy.set(user, n);
				else this.#activeBy.delete(user);
				if (outcome?.rateLimitedMs !== undefined) this.#slowDown(outcome.rateLimitedMs);
				else this.#speedUp();
				this.#pump();
			}
		};
	}

	#slowDown(retryAfterMs: number): void {
		this.#capacity = Math.max(1, Math.floor(this.#capacity / 2));
		this.#streak = 0;
		const pause = Math.min(Math.max(retryAfterMs, 0), this.opts.maxBackoffMs);
		this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + pause);
	}

	#speedUp(): void {
		if (this.#capacity >= this.maxCapacity) return;
		this.#streak += 1;
		// One slot back per full round of successes at the current width.
		if (this.#streak >= this.#capacity) {
			this.#capacity += 1;
			this.#streak = 0;
		}
	}
}

function abortError(): Error {
	return new DOMException('The call was cancelled while it waited for Gemini.', 'AbortError');
}
