/**
 * The relay's connection to Redis when REDIS_URL is set: one command client shared by the
 * limits, the stores and the gate, plus subscriber connections for pub/sub. Commands are not
 * queued while Redis is away: a call fails at once with a retryable error instead of hanging.
 */
import { Redis } from 'ioredis';

/** The Redis side of a relay: the command client, how to subscribe, and shutdown. */
export interface RedisConnection {
	client: Redis;
	/** A new connection in subscriber mode (pub/sub needs its own). */
	subscriber(): Promise<Redis>;
	/** Answers PING; false when Redis does not. */
	ping(): Promise<boolean>;
	close(): Promise<void>;
}

/** Keys of every relay sharing one Redis start with this, so another app's keys are never touched. */
export const KEY_PREFIX = 'fnt:';

/** Connects to `url` and waits until Redis answers, so a wrong URL stops the relay at boot. */
export async function openRedis(url: string): Promise<RedisConnection> {
	const options = {
		lazyConnect: true,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		// Reconnect quickly but without hammering a Redis that is restarting.
		retryStrategy: (times: number) => Math.min(50 * times, 1000)
	};
	const client = new Redis(url, options);
	// Errors surface on the commands that fail; the event would otherwise crash the process.
	client.on('error', () => undefined);
	await client.connect();
	const subscribers: Redis[] = [];
	return {
		client,
		async subscriber() {
			const sub = new Redis(url, { ...options, enableOfflineQueue: true });
			sub.on('error', () => undefined);
			await sub.connect();
			subscribers.push(sub);
			return sub;
		},
		async ping() {
			// A Redis that accepts the connection but does not answer must not hang /healthz.
			const timeout = new Promise<string>((resolve) =>
				setTimeout(resolve, 1000, 'timeout').unref()
			);
			try {
				return (await Promise.race([client.ping(), timeout])) === 'PONG';
			} catch {
				return false;
			}
		},
		async close() {
			for (const sub of subscribers) sub.disconnect();
			await client.quit().catch(() => client.disconnect());
		}
	};
}

/**
 * Runs a Lua script by its SHA, loading it the first time (or again after Redis restarted
 * and forgot it), so each call sends a hash instead of the script's text.
 */
export function luaScript(source: string) {
	let sha: string | undefined;
	return async function run(
		client: Redis,
		keys: string[],
		args: (string | number)[]
	): Promise<unknown> {
		sha ??= (await client.script('LOAD', source)) as string;
		try {
			return await client.evalsha(sha, keys.length, ...keys, ...args);
		} catch (err) {
			if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
			sha = (await client.script('LOAD', source)) as string;
			return client.evalsha(sha, keys.length, ...keys, ...args);
		}
	};
}
