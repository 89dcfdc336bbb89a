import { z } from 'zod';
import type { RelayConfig } from '../env.ts';

/** One sentence as the browser sends it: its index, its text, and optional read-only context. */
export const ItemInput = z.object({
	i: z.number().int().min(0),
	text: z.string().min(1).max(5_000),
	context: z.string().max(5_000).optional()
});

/** A whole job's long sentences, for an estimate or a reservation (a 600-page book has a few thousand). */
export const JobItemsInput = z.array(ItemInput).min(1).max(50_000);

/** The settings that change what a job costs. */
export const JobSettingsInput = z.object({
	limit: z.number().int().min(3).max(50),
	tier: z.string().max(32).optional()
});

/** The browser's id for a job (a uuid). */
export const ClientJobId = z.string().min(1).max(64);

/** The tier a call will really use: the asked one if configured, else the default. */
export function resolveTier(config: RelayConfig, tier: string | undefined): string {
	const tiers = config.gemini?.models ?? config.credits.pricePer1kTokens;
	if (tier && tier in tiers) return tier;
	return config.gemini?.defaultTier ?? 'flash';
}
