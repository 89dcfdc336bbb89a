/**
 * The fair Gemini gate shared by every relay on one Redis: at most `maxCapacity` calls at
 * Gemini across the cluster, waiting readers served round-robin whichever relay they came
 * through, and a 429 seen by one relay pausing and narrowing all of them. The state and its
 * transitions live in Redis (gate-lua.ts); this class keeps only its own waiters' promises.
 *
 * A slot is a lease that this relay renews while the call runs. A relay killed mid-call
 * stops renewing and stops its heartbeat, so its slots and its queued waiters are dropped
 * within `heartbeatTtlMs`: no slot leaks.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { KEY_PREFIX, luaScript, type RedisConnection } from '../cluster/redis-connection.ts';
import type { Gate, GatePermit, GateStats } from './fair-gate.ts';
import { ACQUIRE, RELEASE, TICK, WITHDRAW } from './gate-lua.ts';

const acquireScript = luaScript(ACQUIRE);
const releaseScript = luaScript(RELEASE);
const withdrawScript = luaScript(WITHDRAW);
const tickScript = luaScript(TICK);

/** Options of the shared gate; the timings have defaults fit for production. */
export interface RedisGateOptions {
	maxCapacity: number;
	maxBackoffMs: number;
	/** This relay's name in waiter ids (no `|`); a random suffix keeps restarts apart. */
	relayId?: string;
	/** Keys start with this (tests give each gate its own). */
	prefix?: string;
	/** How long a slot stays held without renewal. */
	leaseMs?: number;
	/** How often leases and the heartbeat are renewed, and missed grants looked for. */
	tickMs?: number;
	/** A relay silent this long is taken for dead. */
	heartbeatTtlMs?: number;
	onWait?: (ms: number) => void;
}

interface Waiter {
	user: string;
	since: number;
	grant: () => void;
	/** Gives up on the slot: Redis stopped answering while the call waited. */
	fail: (err: unknown) => void;
}

type PumpResult = [string[], number, number, string[]?];

/** Builds a shared gate and starts its heartbeat and grant subscription. */
export async function createRedisFairGate(
	redis: RedisConnection,
	options: RedisGateOptions
): Promise<Gate> {
	const gate = new RedisFairGate(redis.client, options);
	const sub = await redis.subscriber();
	sub.on('message', (_channel: string, id: string) => gate.granted(id));
	await sub.subscribe(gate.channel);
	await gate.start();
	return gate;
}

class RedisFairGate implements Gate {
	readonly maxCapacity: number;
	readonly channel: string;
	#redis: Redis;
	#opts: Required<Omit<RedisGateOptions, 'onWait'>> & Pick<RedisGateOptions, 'onWait'>;
	#relay: string;
	#seq = 0;
	#waiters = new Map<string, Waiter>();
	#leases = new Map<string, string>();
	#capacity: number;
	#pausedUntil = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	#wake: ReturnType<typeof setTimeout> | undefined;

	constructor(redis: Redis, options: RedisGateOptions) {
		this.#redis = redis;
		this.#opts = {
			...options,
			// `??`, not defaults under a spread: an option given as undefined must not erase them.
			relayId: options.relayId ?? `${hostname()}-${process.pid}`,
			prefix: options.prefix ?? `${KEY_PREFIX}gate:`,
			leaseMs: options.leaseMs ?? 15_000,
			tickMs: options.tickMs ?? 500,
			heartbeatTtlMs: options.heartbeatTtlMs ?? 5_000
		};
		this.#relay = `${this.#opts.relayId.replace(/\|/g, '_')}#${randomUUID().slice(0, 8)}`;
		this.maxCapacity = options.maxCapacity;
		this.#capacity = options.maxCapacity;
		this.channel = `${this.#opts.prefix}granted:${this.#relay}`;
	}

	/** Announces this relay and starts the periodic renewal. */
	async start(): Promise<void> {
		await this.#heartbeat();
		// A tick that fails means Redis is away: the calls waiting for a grant would wait for
		// ever, so they fail now (503, and the browser sends them again).
		this.#timer = setInterval(
			() => void this.#tick().catch((err: unknown) => this.#failWaiters(err)),
			this.#opts.tickMs
		);
		this.#timer.unref?.();
	}

	acquire(user: string, signal?: AbortSignal): Promise<GatePermit> {
		if (signal?.aborted) return Promise.reject(abortError());
		const id = `${this.#relay}|${++this.#seq}`;
		return new Promise<GatePermit>((resolve, reject) => {
			const onAbort = () => {
				if (!this.#waiters.delete(id)) return;
				reject(abortError());
				// Withdrawn in Redis too; if it was granted meanwhile, that frees the slot.
				void this.#run(withdrawScript, [user, id]).catch(() => undefined);
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.#waiters.set(id, {
				user,
				since: Date.now(),
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					this.#leases.set(id, user);
					resolve(this.#permit(id));
				},
				fail: (err) => {
					signal?.removeEventListener('abort', onAbort);
					reject(err);
				}
			});
			this.#run(acquireScript, [user, id]).catch((err: unknown) => {
				const waiter = this.#waiters.get(id);
				if (!waiter) return;
				this.#waiters.delete(id);
				waiter.fail(err);
			});
		});
	}

	/** Called for each grant published to this relay (and for those a tick finds). */
	granted(id: string): void {
		const waiter = this.#waiters.get(id);
		if (!waiter) return;
		this.#waiters.delete(id);
		this.#opts.onWait?.(Date.now() - waiter.since);
		waiter.grant();
	}

	stats(): GateStats {
		const byUser = new Map<string, { active: number; queued: number }>();
		const entry = (user: string) => {
			let e = byUser.get(user);
			if (!e) byUser.set(user, (e = { active: 0, queued: 0 }));
			return e;
		};
		for (const user of this.#leases.values()) entry(user).active += 1;
		for (const w of this.#waiters.values()) entry(w.user).queued += 1;
		return {
			active: this.#leases.size,
			queued: this.#waiters.size,
			capacity: this.#capacity,
			maxCapacity: this.maxCapacity,
			pausedForMs: Math.max(0, this.#pausedUntil - Date.now()),
			byUser: [...byUser].map(([user, e]) => ({ user, ...e }))
		};
	}

	close(): void {
		clearInterval(this.#timer);
		clearTimeout(this.#wake);
		// Leaving at once frees this relay's slots for the others without waiting for the TTL.
		void this.#redis.del(`${this.#opts.prefix}relay:${this.#relay}`).catch(() => undefined);
	}

	#failWaiters(err: unknown): void {
		const waiters = [...this.#waiters.values()];
		this.#waiters.clear();
		for (const waiter of waiters) waiter.fail(err);
	}

	#permit(id: string): GatePermit {
		let released = false;
		return {
			release: (outcome) => {
				if (released) return;
				released = true;
				this.#leases.delete(id);
				const limited = outcome?.rateLimitedMs ?? -1;
				// A failed release is repaired by the lease's expiry.
				void this.#run(releaseScript, [id, limited, this.#opts.maxBackoffMs]).catch(
					() => undefined
				);
			}
		};
	}

	async #run(script: ReturnType<typeof luaScript>, args: (string | number)[]): Promise<PumpResult> {
		const { prefix, maxCapacity, leaseMs } = this.#opts;
		const res = (await script(
			this.#redis,
			[],
			[prefix, maxCapacity, leaseMs, ...args]
		)) as PumpResult;
		this.#apply(res);
		return res;
	}

	#apply([granted, pausedMs, capacity, known]: PumpResult): void {
		this.#capacity = Number(capacity);
		this.#pausedUntil = Date.now() + Number(pausedMs);
		for (const id of granted) this.granted(id);
		for (const id of known ?? []) this.granted(id);
		// Waiters held back by a pause are served when it ends, not at the next tick only.
		if (Number(pausedMs) > 0 && this.#waiters.size > 0 && !this.#wake) {
			this.#wake = setTimeout(
				() => {
					this.#wake = undefined;
					void this.#tick().catch(() => undefined);
				},
				Number(pausedMs) + 1
			);
			this.#wake.unref?.();
		}
	}

	async #heartbeat(): Promise<void> {
		const key = `${this.#opts.prefix}relay:${this.#relay}`;
		await this.#redis.set(key, '1', 'PX', this.#opts.heartbeatTtlMs);
	}

	async #tick(): Promise<void> {
		await this.#heartbeat();
		if (this.#waiters.size === 0 && this.#leases.size === 0) return;
		const args: string[] = [];
		for (const [id, w] of this.#waiters) args.push(id, w.user);
		args.push('--', ...this.#leases.keys());
		await this.#run(tickScript, args);
	}
}

function abortError(): Error {
	return new DOMException('The call was cancelled while it waited for Gemini.', 'AbortError');
}
