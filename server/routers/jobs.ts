import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { toCredits } from '../credits/pricing.ts';
import { authedProcedure, router } from '../trpc.ts';
import { ClientJobId, JobItemsInput, JobSettingsInput, resolveTier } from './job-input.ts';

/** Credit reservations of the signed-in user's jobs. Another user's job is never found. */
export const jobsRouter = router({
	/**
	 * Reserves the relay's estimate for the job's sentences before its first chunk, or answers
	 * 402 (`insufficient_credits`, with balance and shortfall). Call it again on resume: an
	 * active job is only topped up to the new estimate, and a released one is reopened.
	 * Starting a job counts against the hourly job-start limit (429).
	 */
	reserve: authedProcedure
		.input(z.object({ clientJobId: ClientJobId, items: JobItemsInput, settings: JobSettingsInput }))
		.mutation(async ({ ctx, input }) => {
			const tier = resolveTier(ctx.config, input.settings.tier);
			const res = await ctx.credits.reserve({
				userId: ctx.user.id,
				clientJobId: input.clientJobId,
				items: input.items,
				limit: input.settings.limit,
				tier
			});
			return {
				job: res.job,
				estimate: toCredits(res.estimateMc),
				added: toCredits(res.addedMc),
				balance: toCredits(res.balanceMc)
			};
		}),

	/** Releases what the job still holds (at finish, cancel or failure). Safe to call twice. */
	release: authedProcedure
		.input(z.object({ clientJobId: ClientJobId }))
		.mutation(async ({ ctx, input }) => {
			const res = await ctx.credits.release({
				userId: ctx.user.id,
				clientJobId: input.clientJobId
			});
			return {
				job: res.job,
				released: toCredits(res.releasedMc),
				balance: toCredits(res.balanceMc)
			};
		}),

	/** One job's reservation: reserved, settled (the charge), released, remaining. */
	get: authedProcedure
		.input(z.object({ clientJobId: ClientJobId }))
		.query(async ({ ctx, input }) => {
			const job = await ctx.credits.job(ctx.user.id, input.clientJobId);
			if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such job.' });
			return job;
		}),

	/** The user's latest jobs. */
	list: authedProcedure
		.input(z.object({ limit: z.number().int().min(1).max(200).default(20) }).optional())
		.query(({ ctx, input }) => ctx.credits.jobs(ctx.user.id, input?.limit ?? 20))
});
