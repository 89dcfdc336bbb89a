import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { grantByEmail, listRecentJobs, listUsers } from '../admin/admin-queries.ts';
import { adminProcedure, router } from '../trpc.ts';

/** The operator's view: live calls, queue, error rates, users and jobs, grants. Admin role only. */
export const adminRouter = router({
	/** The Gemini gate now, and call outcomes over the last 15 minutes. */
	stats: adminProcedure.query(async ({ ctx }) => {
		const gate = ctx.gate.stats();
		const emails = new Map<string, string>();
		const ids = gate.byUser.map((u) => u.user);
		if (ids.length > 0) {
			const rows = await ctx.db
				.selectFrom('users')
				.select(['id', 'email'])
				.where('id', 'in', ids)
				.execute();
			for (const r of rows) emails.set(r.id, r.email);
		}
		const [{ users }] = await ctx.db
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('users'))
			.execute();
		const [{ activeJobs }] = await ctx.db
			.selectFrom('credit_jobs')
			.select((eb) => eb.fn.countAll<number>().as('activeJobs'))
			.where('status', '=', 'active')
			.execute();
		return {
			gemini: {
				enabled: Boolean(ctx.gemini),
				active: gate.active,
				queued: gate.queued,
				capacity: gate.capacity,
				maxCapacity: gate.maxCapacity,
				pausedForMs: gate.pausedForMs,
				byUser: gate.byUser.map((u) => ({ ...u, email: emails.get(u.user) ?? u.user }))
			},
			window: ctx.metrics.window(),
			users: Number(users),
			activeJobs: Number(activeJobs),
			uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000)
		};
	}),

	/** Users with balance and usage. */
	users: adminProcedure
		.input(
			z
				.object({
					limit: z.number().int().min(1).max(500).default(100),
					query: z.string().max(254).optional()
				})
				.optional()
		)
		.query(({ ctx, input }) =>
			listUsers(ctx.db, { limit: input?.limit ?? 100, query: input?.query })
		),

	/** The latest jobs of everyone. */
	jobs: adminProcedure
		.input(z.object({ limit: z.number().int().min(1).max(500).default(50) }).optional())
		.query(({ ctx, input }) => listRecentJobs(ctx.db, input?.limit ?? 50)),

	/** Grants credits to an account (negative: takes back, never below 0). */
	grant: adminProcedure
		.input(
			z.object({
				email: z.email(),
				credits: z
					.number()
					.min(-1_000_000)
					.max(1_000_000)
					.refine((n) => n !== 0, 'Not zero.'),
				note: z.string().max(200).optional()
			})
		)
		.mutation(async ({ ctx, input }) => {
			const res = await grantByEmail(
				ctx,
				input.email,
				input.credits,
				`admin ${ctx.user.email}${input.note ? `: ${input.note}` : ''}`
			);
			if (!res)
				throw new TRPCError({ code: 'NOT_FOUND', message: `No account for ${input.email}.` });
			return res;
		})
});
