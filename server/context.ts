import type { ChunkRun, NormalizedChunk } from './normalize/chunk-types.ts';
import type { PartialStore } from './normalize/partial-results.ts';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE, parseCookies, serializeCookie } from './auth/cookies.ts';
import { requestMetaFrom, type RequestMeta } from './auth/request-meta.ts';
import type { Session, SessionStore, SessionUser } from './auth/sessions.ts';
import type { UserStore } from './auth/users.ts';
import type { ChunkHolds } from './credits/chunk-holds.ts';
import type { Credits } from './credits/credits.ts';
import type { ChunkResultCache } from './db/chunk-result-cache.ts';
import type { Database } from './db/schema.ts';
import type { RelayConfig } from './env.ts';
import type { GeminiClient } from './gemini/gemini-client.ts';
import type { CallCancels } from './cluster/call-cancels.ts';
import type { RedisConnection } from './cluster/redis-connection.ts';
import type { Gate } from './limits/fair-gate.ts';
import type { RateLimits } from './limits/rate-limits.ts';
import type { Flights } from './limits/single-flight.ts';
import type { RelayMetrics } from './metrics/relay-metrics.ts';
import type { SheetsService } from './sheets/sheets-service.ts';
import { isStoreOutage } from './cluster/store-outage.ts';
import { storeUnavailableError } from './relay-errors.ts';

/** What every procedure can reach. Built once at boot; request data is added per call. */
export interface RelayDeps {
	config: RelayConfig;
	gemini: GeminiClient | undefined;
	cache: ChunkResultCache<NormalizedChunk>;
	db: Kysely<Database>;
	users: UserStore;
	sessions: SessionStore;
	credits: Credits;
	/** Credits promised to chunks in flight, per job. */
	chunkHolds: ChunkHolds;
	limits: RateLimits;
	/** The global, fair gate in front of Gemini (cluster-wide with Redis). */
	gate: Gate;
	/** Joins identical chunk calls in flight (across relays with Redis). */
	chunkFlights: Flights<ChunkRun>;
	/** Items answered by chunk calls that then failed, so a retry asks only for the rest. */
	partials: PartialStore;
	/** Explicit cancels of a job's calls at Gemini, on every relay. */
	cancels: CallCancels;
	/** The shared Redis when REDIS_URL is set: limits, results, the gate and cancels live there. */
	redis?: RedisConnection;
	/** Closes the gate and the Redis connection (in-process state needs nothing). */
	closeShared?: () => Promise<void>;
	metrics: RelayMetrics;
	/** Google Sheets export: the readers' sealed Google grants and the Sheets API. */
	sheets: SheetsService;
	/** The clock of sessions and credits; tests move it. */
	now: () => number;
	startedAt: number;
}

/** One call's context: the deps, the request, and who is signed in. */
export interface RelayContext extends RelayDeps {
	req: RequestMeta;
	session: Session | null;
	user: SessionUser | null;
	/** Headers the response must carry (Set-Cookie), copied out by the HTTP adapter. */
	resHeaders: Headers;
}

/** Sends the session cookie with this response. */
export function setSessionCookie(ctx: RelayContext, token: string, expiresAt: number): void {
	ctx.resHeaders.append(
		'set-cookie',
		serializeCookie(SESSION_COOKIE, token, {
			maxAge: (expiresAt - ctx.now()) / 1000,
			secure: ctx.req.secure
		})
	);
}

/** Tells the browser to forget its session cookie. */
export function clearSessionCookie(ctx: Pick<RelayContext, 'resHeaders' | 'req'>): void {
	ctx.resHeaders.append(
		'set-cookie',
		serializeCookie(SESSION_COOKIE, '', { maxAge: 0, secure: ctx.req.secure })
	);
}

/**
 * The context for tests and callers without HTTP: pass the request's headers (a `cookie`
 * with a session token signs the call in).
 */
export async function createContextInner(
	deps: RelayDeps,
	req: Partial<RequestMeta> = {}
): Promise<RelayContext> {
	const meta: RequestMeta = { secure: false, ip: 'test', ...req };
	const ctx: RelayContext = {
		...deps,
		req: meta,
		session: null,
		user: null,
		resHeaders: new Headers()
	};
	const token = parseCookies(meta.cookie).get(SESSION_COOKIE);
	if (!token) return ctx;
	const valid = await deps.sessions.validate(token);
	if (!valid) {
		// A stale cookie would be sent on every request for a month: drop it now.
		clearSessionCookie(ctx);
		return ctx;
	}
	ctx.session = valid.session;
	ctx.user = valid.user;
	// Sliding expiry: the cookie's lifetime follows the session's.
	if (valid.refreshed) setSessionCookie(ctx, token, valid.session.expiresAt);
	return ctx;
}

/** The context for the HTTP adapter. */
export function contextFactory(deps: RelayDeps) {
	return (opts: CreateHTTPContextOptions): Promise<RelayContext> =>
		createContextInner(deps, requestMetaFrom(opts.req)).catch((err: unknown) => {
			// The session lookup met the database (or Redis) down: 503 and a retry, not a 500.
			throw isStoreOutage(err, deps.redis) ? storeUnavailableError(err) : err;
		});
}
