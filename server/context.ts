import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { ChunkResultCache } from './db/chunk-result-cache.ts';
import type { RelayConfig } from './env.ts';
import type { GeminiClient } from './gemini/gemini-client.ts';
import type { NormalizedChunk } from './routers/chunks.ts';

/** What every procedure can reach. Built once at boot; request data is added per call. */
export interface RelayDeps {
	config: RelayConfig;
	gemini: GeminiClient | undefined;
	cache: ChunkResultCache<NormalizedChunk>;
}

export type RelayContext = RelayDeps;

/** The context for tests and callers without HTTP. */
export function createContextInner(deps: RelayDeps): RelayContext {
	return deps;
}

/** The context for the HTTP adapter. */
export function contextFactory(deps: RelayDeps) {
	return (_opts: CreateHTTPContextOptions): RelayContext => createContextInner(deps);
}
