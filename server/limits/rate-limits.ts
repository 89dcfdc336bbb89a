/**
 * Per-user limits, with rate-limiter-flexible: job starts per hour, chunk calls per minute,
 * calls in flight, and sign-up and failed sign-in attempts. In memory by default; with
 * REDIS_URL the counters live in Redis so that several relays share them.
 */
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { KEY_PREFIX } from '../cluster/redis-connection.ts';
import { LimitError, type LimitName } from './limit-error.ts';

/** The numbers, from configuration, and the relay's Redis client when it has one. */
export interface RateLimitConfig {
	jobStartsPerHour: number;
	chunkCallsPerMinute: number;
	inFlightPerUser: number;
	signUpsPerIpPerHour: number;
	signInFailuresPer15Min: number;
	redis?: Redis;
}

type Factory = (opts: {
	keyPrefix: string;
	points: number;
	duration: number;
}) => RateLimiterAbstract;

/** The limiter factory: memory, or Redis (the relay's shared client) when there is one. */
function limiterFactory(redis: Redis | undefined): Factory {
	if (!redis) return (o) => new RateLimiterMemory(o);
	return (o) =>
		new RateLimiterRedis({ ...o, keyPrefix: `${KEY_PREFIX}rl:${o.keyPrefix}`, storeClient: redis });
}

function retryAfter(err: unknown, fallbackMs: number): number {
	if (err instanceof RateLimiterRes && err.msBeforeNext > 0) return err.msBeforeNext;
	if (err instanceof RateLimiterRes) return fallbackMs;
	// The store failed (Redis down): that is our fault, not the user's, so it must surface as such.
	throw err;
}

/** Creates the relay's limiters. */
export async function createRateLimits(config: RateLimitConfig) {
	const make = limiterFactory(config.redis);
	const jobStarts = make({
		keyPrefix: 'job_starts',
		points: config.jobStartsPerHour,
		duration: 3600
	});
	const chunkCalls = make({
		keyPrefix: 'chunk_calls',
		points: config.chunkCallsPerMinute,
		duration: 60
	});
	// In memory, 0 means the count never lapses; in Redis a lapse after 15 min bounds what a crashed relay leaks.
	const inFlight = make({
		keyPrefix: 'in_flight',
		points: config.inFlightPerUser,
		duration: config.redis ? 900 : 0
	});
	const signUps = make({
		keyPrefix: 'sign_up',
		points: config.signUpsPerIpPerHour,
		duration: 3600
	});
	const signInFailures = make({
		keyPrefix: 'sign_in',
		points: config.signInFailuresPer15Min,
		duration: 900
	});

	async function consume(
		limiter: RateLimiterAbstract,
		key: string,
		name: LimitName,
		message: string
	) {
		try {
			await limiter.consume(key);
		} catch (err) {
			throw new LimitError(name, retryAfter(err, 1000), message);
		}
	}

	return {
		/** Counts a job start (a new reservation); 429 past the hourly limit. */
		jobStart(userId: string): Promise<void> {
			return consume(
				jobStarts,
				userId,
				'job_starts',
				`You can start ${config.jobStartsPerHour} AI jobs an hour. Try again later.`
			);
		},

		/** Counts a chunk call; 429 past the per-minute limit. */
		chunkCall(userId: string): Promise<void> {
			return consume(
				chunkCalls,
				userId,
				'chunk_calls',
				`Too many chunk calls (${config.chunkCallsPerMinute} a minute). Slowing down.`
			);
		},

		/** Takes one of the user's in-flight slots; call the returned function when the call ends. */
		async enter(userId: string): Promise<() => void> {
			try {
				await inFlight.consume(userId);
			} catch (err) {
				// A refused consume still counted: give it back so only real calls hold slots.
				const wait = retryAfter(err, 1000);
				await inFlight.reward(userId, 1);
				throw new LimitError(
					'in_flight',
					Math.min(wait, 1000),
					`At most ${config.inFlightPerUser} calls at a time.`
				);
			}
			let left = false;
			return () => {
				if (left) return;
				left = true;
				// With Redis away the slot cannot be given back now; its key expires (duration).
				inFlight.reward(userId, 1).catch(() => undefined);
			};
		},

		/** Counts a sign-up from an address. */
		signUp(ip: string): Promise<void> {
			return consume(
				signUps,
				ip,
				'sign_up',
				'Too many sign-ups from this address. Try again later.'
			);
		},

		/** Refuses sign-in for an email that failed too often lately. */
		async checkSignIn(email: string): Promise<void> {
			const res = await signInFailures.get(email);
			if (res && res.remainingPoints <= 0) {
				throw new LimitError(
					'sign_in',
					Math.max(1000, res.msBeforeNext),
					'Too many failed sign-ins for this email. Try again in a few minutes.'
				);
			}
		},

		/** Records a failed sign-in. */
		async signInFailed(email: string): Promise<void> {
			await signInFailures.penalty(email, 1);
		},

		/** Forgets failures after a success. */
		async signInSucceeded(email: string): Promise<void> {
			await signInFailures.delete(email);
		},

		/** Nothing to close: the Redis client belongs to the relay. */
		async close(): Promise<void> {}
	};
}

export type RateLimits = Awaited<ReturnType<typeof createRateLimits>>;
