import { z } from 'zod';
import { toCredits } from '../credits/pricing.ts';
import { authedProcedure, router } from '../trpc.ts';
import { JobItemsInput, JobSettingsInput, resolveTier } from './job-input.ts';

function nextMonthStart(now: number): number {
	const d = new Date(now);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The signed-in user's credits. */
export const creditsRouter = router({
	/** The spendable balance (credits held by running jobs are not in it). */
	balance: authedProcedure.query(async ({ ctx }) => ({
		balance: toCredits(await ctx.credits.balance(ctx.user.id)),
		monthlyGrant: ctx.config.credits.monthlyGrant,
		nextGrantAt: nextMonthStart(ctx.now())
	})),

	/** The latest ledger rows, newest first. */
	ledger: authedProcedure
		.input(z.object({ limit: z.number().int().min(1).max(500).default(50) }).optional())
		.query(({ ctx, input }) => ctx.credits.ledger(ctx.user.id, input?.limit ?? 50)),

	/**
	 * What a job with these sentences would cost, estimated by the relay from the text. The
	 * page shows it before an AI job starts: "about 12 of your 50 credits". A mutation only
	 * because a book's sentences are far too long for a query's URL; it changes nothing.
	 */
	estimate: authedProcedure
		.input(z.object({ items: JobItemsInput, settings: JobSettingsInput }))
		.mutation(async ({ ctx, input }) => {
			const tier = resolveTier(ctx.config, input.settings.tier);
			const { tokens, costMc } = ctx.credits.estimate(input.items, input.settings.limit, tier);
			const balance = toCredits(await ctx.credits.balance(ctx.user.id));
			const credits = toCredits(costMc);
			return {
				credits,
				tier,
				tokens,
				balance,
				enough: credits <= balance,
				shortfall: Math.max(0, credits - balance)
			};
		})
});
