import { z } from 'zod';
import type { ItemResult, Usage } from '../../src/lib/pipeline/types.ts';
import { GeminiError } from '../gemini/gemini-errors.ts';
import { normalizeChunk } from '../normalize/normalize-chunk.ts';
import { aiDisabledError, toTRPCError } from '../relay-errors.ts';
import { publicProcedure, router } from '../trpc.ts';

/** What `chunks.normalize` answers. */
export interface NormalizedChunk {
	items: ItemResult[];
	usage: Usage;
}

const ChunkInput = z.object({
	clientJobId: z.string().min(1).max(64),
	chunkIndex: z.number().int().min(0),
	idempotencyKey: z.string().min(16).max(128),
	items: z
		.array(
			z.object({
				i: z.number().int().min(0),
				text: z.string().min(1).max(5_000),
				context: z.string().max(5_000).optional()
			})
		)
		.min(1)
		.max(200),
	settings: z.object({
		limit: z.number().int().min(3).max(50),
		tier: z.string().optional()
	})
});

export const chunksRouter = router({
	/** Rewrites one chunk's long sentences with Gemini; a repeated idempotency key gets the stored result. */
	normalize: publicProcedure.input(ChunkInput).mutation(async ({ ctx, input, signal }) => {
		const { gemini, config, cache } = ctx;
		if (!gemini || !config.gemini) throw aiDisabledError();
		const cached = await cache.get(input.idempotencyKey);
		if (cached) return { ...cached, cached: true };
		const tier =
			input.settings.tier && input.settings.tier in config.gemini.models
				? input.settings.tier
				: config.gemini.defaultTier;
		try {
			const result = await normalizeChunk({
				client: gemini,
				items: input.items,
				limit: input.settings.limit,
				tier,
				signal
			});
			await cache.put(input.idempotencyKey, input.clientJobId, input.chunkIndex, result);
			return { ...result, cached: false };
		} catch (err) {
			if (err instanceof GeminiError) throw toTRPCError(err);
			throw err;
		}
	})
});
