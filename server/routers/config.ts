import { AI_DISABLED_MESSAGE, GEMINI_KEY_HELP } from '../relay-errors.ts';
import { publicProcedure, router } from '../trpc.ts';

/** What the page needs to know before it starts a job. Never includes the key. */
export const configRouter = router({
	get: publicProcedure.query(({ ctx }) => {
		const { config } = ctx;
		const tiers = config.gemini ? Object.keys(config.gemini.models) : [];
		return {
			ai: config.gemini
				? {
						enabled: true as const,
						tiers,
						defaultTier: config.gemini.defaultTier,
						// Credits per 1,000 billed tokens, so the page can say how the tiers compare.
						prices: Object.fromEntries(
							tiers.map((tier) => [tier, config.credits.pricePer1kTokens[tier as 'flash' | 'lite']])
						) as Record<string, number>
					}
				: { enabled: false as const, reason: AI_DISABLED_MESSAGE, ...GEMINI_KEY_HELP },
			limits: config.limits,
			concurrency: config.clientConcurrency
		};
	})
});
