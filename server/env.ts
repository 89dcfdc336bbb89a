import { z } from 'zod';

/** Empty strings in the environment mean "not set". */
const optionalString = z
	.string()
	.optional()
	.transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
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
	CLIENT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
	MAX_ITEMS_PER_CHUNK: z.coerce.number().int().min(1).max(200).default(40),
	MAX_CHUNK_CHARS: z.coerce.number().int().min(500).max(200_000).default(12_000),
	IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).default(24)
});

/** The relay's configuration, parsed once at boot. */
export type RelayConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
	return {
		port: env.PORT,
		host: env.HOST,
		dataDir: env.DATA_DIR,
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
		limits: {
			minWordLimit: 3,
			maxWordLimit: 50,
			maxItemsPerChunk: env.MAX_ITEMS_PER_CHUNK,
			maxChunkChars: env.MAX_CHUNK_CHARS
		},
		clientConcurrency: env.CLIENT_CONCURRENCY,
		idempotencyTtlMs: env.IDEMPOTENCY_TTL_HOURS * 3_600_000
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
