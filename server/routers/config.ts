import { AI_DISABLED_MESSAGE } from '../relay-errors.ts';
import { publicProcedure, router } from '../trpc.ts';

/** What the page needs to know before it starts a job. Never includes the key. */
export const configRouter = router({
	get: publicProcedure.query(({ ctx }) => {
		const { config } = ctx;
		return {
			ai: config.gemini
				? {
						enabled: true as const,
						tiers: Object.keys(config.gemini.models),
						defaultTier: config.gemini.defaultTier
					}
				: { enabled: false as const, reason: AI_DISABLED_MESSAGE },
			limits: config.limits,
			concurrency: config.clientConcurrency
		};
	})
});
