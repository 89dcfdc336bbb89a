import { z } from 'zod';
import { isLoopbackHost } from './http/loopback.ts';
import { parseTrustProxy } from './http/trusted-proxies.ts';
import { decodeTokenKey } from './sheets/token-cipher.ts';

/** Empty strings in the environment mean "not set". */
const optionalString = z
	.string()
	.optional()
	.transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const count = (fallback: number, max = 1_000_000) =>
	z.coerce.number().int().min(1).max(max).default(fallback);

const EnvSchema = z
	.object({
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		HOST: z.string().default('127.0.0.1'),
		DATA_DIR: z.string().default('./data'),
		STATIC_DIR: z.string().default('./build'),
		GEMINI_API_KEY: optionalString,
		GEMINI_BASE_URL: optionalString.pipe(z.url().optional()),
		// Model names change often (GEMINI-WIRE.md), so tiers map to names here, never in code.
		GEMINI_MODEL_FLASH: z.string().default('gemini-3.6-flash'),
		GEMINI_MODEL_LITE: z.string().default('gemini-3.5-flash-lite'),
		GEMINI_DEFAULT_TIER: z.enum(['flash', 'lite']).default('flash'),
		GEMINI_TIMEOUT_MS: z.coerce.number().int().min(1000).default(90_000),
		/** Gemini calls in flight across all users; the rest wait in a fair queue. */
		GEMINI_MAX_CONCURRENCY: count(8, 256),
		/** The longest a Gemini 429 may pause the queue, whatever its RetryInfo says. */
		GEMINI_MAX_BACKOFF_MS: z.coerce.number().int().min(0).default(60_000),
		/** Chunk calls a browser keeps in flight; unset, the whole Gemini width (a reader alone fills it). */
		CLIENT_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
		// Large chunks spread the system instruction over more source tokens (issue 11, goal 6);
		// MAX_CHUNK_CHARS is what usually ends a chunk, and the first chunks stay small.
		MAX_ITEMS_PER_CHUNK: z.coerce.number().int().min(1).max(200).default(120),
		MAX_CHUNK_CHARS: z.coerce.number().int().min(500).max(200_000).default(16_000),
		IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).default(24),

		SESSION_TTL_DAYS: positive(30),
		SIGN_UPS_PER_IP_PER_HOUR: count(30),
		SIGN_IN_FAILURES_PER_15_MIN: count(10),
		GOOGLE_CLIENT_ID: optionalString,
		GOOGLE_CLIENT_SECRET: optionalString,
		/** The callback URL registered with Google; by default derived from the request's host. */
		GOOGLE_REDIRECT_URI: optionalString.pipe(z.url().optional()),
		/** Tests only: serve Google's authorize, token and userinfo paths from this origin. */
		GOOGLE_AUTH_BASE_URL: optionalString.pipe(z.url().optional()),
		/** Seals Google refresh tokens at rest (base64 of 32 bytes); without it, no Sheets export. */
		TOKEN_ENCRYPTION_KEY: optionalString,
		/** Tests only: the Sheets API's origin (a mock on loopback). */
		GOOGLE_SHEETS_BASE_URL: optionalString.pipe(z.url().optional()),
		/** Retries of a 429 or 5xx from Google, and the longest wait (a longer Retry-After gives up). */
		SHEETS_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
		SHEETS_RETRY_BASE_MS: z.coerce.number().int().min(0).default(1000),
		SHEETS_MAX_BACKOFF_MS: z.coerce.number().int().min(0).default(32_000),

		MONTHLY_GRANT_CREDITS: z.coerce.number().min(0).default(50),
		// Credits per 1,000 billed tokens (prompt + output). See server/credits/pricing.ts for why.
		PRICE_FLASH_PER_1K_TOKENS: positive(0.03),
		PRICE_LITE_PER_1K_TOKENS: positive(0.01),
		RESERVATION_TTL_HOURS: positive(24),

		JOB_STARTS_PER_HOUR: count(10),
		// Abuse limits, not a lone reader's pace: the fair gate shares Gemini between readers.
		CHUNK_CALLS_PER_MINUTE: count(600),
		IN_FLIGHT_PER_USER: count(32, 1000),
		/** postgres://… puts users, sessions, credits and jobs in Postgres; unset, SQLite in DATA_DIR. */
		DATABASE_URL: optionalString.pipe(
			z
				.string()
				.regex(/^postgres(ql)?:\/\//i, 'must be a postgres:// URL')
				.optional()
		),
		REDIS_URL: optionalString,
		/** This relay's name in /metrics (label `relay`); default hostname:port. */
		RELAY_ID: optionalString,
		/** When set, /metrics needs `Authorization: Bearer <token>`; required beyond loopback. */
		METRICS_TOKEN: optionalString,
		/** Where browsers send Content-Security-Policy violation reports (report-uri); none by default. */
		CSP_REPORT_URI: optionalString.pipe(z.url().optional()),
		/** The proxies whose X-Forwarded-For/-Proto are believed: a hop count or addresses/CIDRs. */
		TRUST_PROXY: optionalString.transform((spec, ctx) => {
			const trust = parseTrustProxy(spec);
			if (typeof trust !== 'string') return trust;
			ctx.addIssue({ code: 'custom', message: trust });
			return z.NEVER;
		})
	})
	.superRefine((env, ctx) => {
		// Half a Google configuration is a typo, not a wish to turn Google sign-in off.
		if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
			ctx.addIssue({
				code: 'custom',
				path: [env.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'],
				message: 'set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither'
			});
		}
		// Metrics name users' activity and the relay's load: open only to this machine.
		if (!env.METRICS_TOKEN && !isLoopbackHost(env.HOST)) {
			ctx.addIssue({
				code: 'custom',
				path: ['METRICS_TOKEN'],
				message: `required when HOST (${env.HOST}) is reachable beyond this machine: /metrics would be open to all (set METRICS_TOKEN=$(openssl rand -hex 32), scrape with Authorization: Bearer <token>)`
			});
		}
		if (env.TOKEN_ENCRYPTION_KEY && !decodeTokenKey(env.TOKEN_ENCRYPTION_KEY)) {
			ctx.addIssue({
				code: 'custom',
				path: ['TOKEN_ENCRYPTION_KEY'],
				message: 'must be 32 random bytes in base64 (openssl rand -base64 32)'
			});
		}
	});

/** The relay's configuration, parsed once at boot. */
export type RelayConfig = ReturnType<typeof toConfig>;

const GOOGLE_ENDPOINTS = {
	authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
	token: 'https://oauth2.googleapis.com/token',
	userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
	revoke: 'https://oauth2.googleapis.com/revoke'
};

function googleConfig(env: z.infer<typeof EnvSchema>) {
	if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return undefined;
	const base = env.GOOGLE_AUTH_BASE_URL?.replace(/\/$/, '');
	return {
		clientId: env.GOOGLE_CLIENT_ID,
		clientSecret: env.GOOGLE_CLIENT_SECRET,
		redirectUri: env.GOOGLE_REDIRECT_URI,
		endpoints: base
			? {
					authorize: `${base}/o/oauth2/v2/auth`,
					token: `${base}/token`,
					userinfo: `${base}/v1/userinfo`,
					revoke: `${base}/revoke`
				}
			: GOOGLE_ENDPOINTS
	};
}

function toConfig(env: z.infer<typeof EnvSchema>) {
	return {
		port: env.PORT,
		host: env.HOST,
		dataDir: env.DATA_DIR,
		databaseUrl: env.DATABASE_URL,
		staticDir: env.STATIC_DIR,
		gemini: env.GEMINI_API_KEY
			? {
					apiKey: env.GEMINI_API_KEY,
					baseUrl: env.GEMINI_BASE_URL,
					models: { flash: env.GEMINI_MODEL_FLASH, lite: env.GEMINI_MODEL_LITE },
					defaultTier: env.GEMINI_DEFAULT_TIER,
					timeoutMs: env.GEMINI_TIMEOUT_MS
				}
			: undefined,
		geminiGate: {
			maxConcurrency: env.GEMINI_MAX_CONCURRENCY,
			maxBackoffMs: env.GEMINI_MAX_BACKOFF_MS
		},
		limits: {
			minWordLimit: 3,
			maxWordLimit: 50,
			maxItemsPerChunk: env.MAX_ITEMS_PER_CHUNK,
			maxChunkChars: env.MAX_CHUNK_CHARS
		},
		// A client running more chunks than it may have in flight would only collect 429s.
		clientConcurrency: Math.min(
			env.CLIENT_CONCURRENCY ?? env.GEMINI_MAX_CONCURRENCY,
			env.IN_FLIGHT_PER_USER
		),
		idempotencyTtlMs: env.IDEMPOTENCY_TTL_HOURS * 3_600_000,
		auth: {
			sessionTtlMs: env.SESSION_TTL_DAYS * 86_400_000,
			signUpsPerIpPerHour: env.SIGN_UPS_PER_IP_PER_HOUR,
			signInFailuresPer15Min: env.SIGN_IN_FAILURES_PER_15_MIN,
			google: googleConfig(env)
		},
		sheets: {
			apiBaseUrl: env.GOOGLE_SHEETS_BASE_URL ?? 'https://sheets.googleapis.com',
			/** Base64; decoded where tokens are sealed, so the key is one value in one place. */
			tokenKey: env.TOKEN_ENCRYPTION_KEY,
			retry: {
				retries: env.SHEETS_MAX_RETRIES,
				baseMs: env.SHEETS_RETRY_BASE_MS,
				maxMs: env.SHEETS_MAX_BACKOFF_MS
			}
		},
		credits: {
			monthlyGrant: env.MONTHLY_GRANT_CREDITS,
			pricePer1kTokens: {
				flash: env.PRICE_FLASH_PER_1K_TOKENS,
				lite: env.PRICE_LITE_PER_1K_TOKENS
			},
			reservationTtlMs: env.RESERVATION_TTL_HOURS * 3_600_000
		},
		rateLimits: {
			jobStartsPerHour: env.JOB_STARTS_PER_HOUR,
			chunkCallsPerMinute: env.CHUNK_CALLS_PER_MINUTE,
			inFlightPerUser: env.IN_FLIGHT_PER_USER,
			redisUrl: env.REDIS_URL
		},
		redisUrl: env.REDIS_URL,
		relayId: env.RELAY_ID,
		metricsToken: env.METRICS_TOKEN,
		trustProxy: env.TRUST_PROXY,
		cspReportUri: env.CSP_REPORT_URI
	};
}

/** Parses the environment, or throws one error that lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid relay configuration:\n${lines.join('\n')}`);
	}
	return toConfig(parsed.data);
}
