/**
 * Explicit cancels of a job's calls at Gemini. A chunk call no longer stops when its browser
 * goes away (the answer is stored for the retry, which then costs nothing); it stops only
 * when the reader cancels the job. The cancel may reach another relay than the calls, so
 * with Redis it is published to every relay.
 */
import type { RedisConnection } from './redis-connection.ts';
import { KEY_PREFIX } from './redis-connection.ts';

const CHANNEL = `${KEY_PREFIX}cancel`;
/** How long a cancel is remembered, so a call joined to a cancelled one does not start it again. */
const REMEMBER_MS = 60_000;

/** The calls of each job running on this relay, and how to cancel them anywhere. */
export class CallCancels {
	#byJob = new Map<string, Set<AbortController>>();
	#cancelledAt = new Map<string, number>();
	#publish: ((job: string) => Promise<unknown>) | undefined;
	#stopped = false;

	/**
	 * The signal a job's call passes to Gemini; call `done` when the call ends. Once the relay
	 * has stopped (abortAll), the signal comes aborted: a call that was still on its way to
	 * Gemini (checking credits, say) must not reach it after the others were stopped.
	 */
	track(userId: string, clientJobId: string): { signal: AbortSignal; done(): void } {
		const job = jobKey(userId, clientJobId);
		const controller = new AbortController();
		if (this.#stopped) {
			controller.abort();
			return { signal: controller.signal, done: () => {} };
		}
		let set = this.#byJob.get(job);
		if (!set) this.#byJob.set(job, (set = new Set()));
		set.add(controller);
		return {
			signal: controller.signal,
			done: () => {
				set.delete(controller);
				if (set.size === 0 && this.#byJob.get(job) === set) this.#byJob.delete(job);
			}
		};
	}

	/** Aborts the job's calls on this relay and, with Redis, on every other one. Returns how many ran here. */
	async cancel(userId: string, clientJobId: string): Promise<number> {
		const job = jobKey(userId, clientJobId);
		const here = this.abortLocal(job);
		await this.#publish?.(job);
		return here;
	}

	/** Whether the reader cancelled this job in the last minute. */
	isCancelled(userId: string, clientJobId: string): boolean {
		const at = this.#cancelledAt.get(jobKey(userId, clientJobId));
		return at !== undefined && Date.now() - at < REMEMBER_MS;
	}

	/** Aborts this relay's calls of `job` (a key from jobKey). */
	abortLocal(job: string): number {
		const now = Date.now();
		for (const [k, at] of this.#cancelledAt)
			if (now - at >= REMEMBER_MS) this.#cancelledAt.delete(k);
		this.#cancelledAt.set(job, now);
		const set = this.#byJob.get(job);
		if (!set) return 0;
		this.#byJob.delete(job);
		for (const c of set) c.abort();
		return set.size;
	}

	/** How many calls run on this relay now. */
	get running(): number {
		let n = 0;
		for (const set of this.#byJob.values()) n += set.size;
		return n;
	}

	/**
	 * Aborts every call on this relay, and every call tracked after, for its shutdown: a relay
	 * that stops cannot store their answers, so they end as a killed process's would. Not a
	 * reader's cancel: not remembered, not published.
	 */
	abortAll(): void {
		this.#stopped = true;
		for (const set of this.#byJob.values()) for (const c of set) c.abort();
		this.#byJob.clear();
	}

	/** Shares cancels through Redis pub/sub: publishes ours, aborts on theirs. */
	async connect(redis: RedisConnection): Promise<void> {
		const sub = await redis.subscriber();
		sub.on('message', (_channel: string, job: string) => this.abortLocal(job));
		await sub.subscribe(CHANNEL);
		this.#publish = (job) => redis.client.publish(CHANNEL, job);
	}
}

function jobKey(userId: string, clientJobId: string): string {
	return `${userId}\0${clientJobId}`;
}
