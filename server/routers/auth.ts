import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clearSessionCookie, setSessionCookie, type RelayContext } from '../context.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

const Credentials = z.object({
	email: z.email().max(254),
	// Long passphrases welcome; the cap keeps a hash request from being a denial of service.
	password: z.string().min(8, 'Use at least 8 characters.').max(256)
});

async function startSession(ctx: RelayContext, userId: string) {
	const { token, session } = await ctx.sessions.create(userId, ctx.req.userAgent);
	setSessionCookie(ctx, token, session.expiresAt);
}

/** Accounts and sessions. Sign-up, sign-in and `me` are public; the rest need a session. */
export const authRouter = router({
	/** How one may sign in on this relay. */
	methods: publicProcedure.query(({ ctx }) => ({
		password: true as const,
		google: ctx.config.auth.google ? { url: '/auth/google' } : null
	})),

	/** Who is signed in, or null. Public: it tells a caller only about their own cookie. */
	me: publicProcedure.query(({ ctx }) =>
		ctx.user ? { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role } : null
	),

	/** Creates an email account and signs it in. */
	signUp: publicProcedure.input(Credentials).mutation(async ({ ctx, input }) => {
		await ctx.limits.signUp(ctx.req.ip);
		const user = await ctx.users.createWithPassword(
			input.email,
			await hashPassword(input.password)
		);
		if (!user) {
			throw new TRPCError({
				code: 'CONFLICT',
				message: 'An account with this email already exists. Sign in instead.'
			});
		}
		await startSession(ctx, user.id);
		return { user: { id: user.id, email: user.email, role: user.role } };
	}),

	/** Signs in with email and password. The same answer for an unknown email and a wrong password. */
	signIn: publicProcedure.input(Credentials).mutation(async ({ ctx, input }) => {
		const email = input.email.trim().toLowerCase();
		await ctx.limits.checkSignIn(email);
		const row = await ctx.users.findForSignIn(email);
		const ok = await verifyPassword(row?.password_hash ?? null, input.password);
		if (!row || !ok) {
			await ctx.limits.signInFailed(email);
			throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
		}
		await ctx.limits.signInSucceeded(email);
		await startSession(ctx, row.id);
		return { user: { id: row.id, email: row.email, role: row.role } };
	}),

	/** Ends this session. */
	signOut: authedProcedure.mutation(async ({ ctx }) => {
		await ctx.sessions.invalidate(ctx.session.id);
		clearSessionCookie(ctx);
		return { ok: true as const };
	}),

	/** Ends every session of the user, on every device, and revokes and deletes their Google Sheets grant. */
	signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
		await ctx.sheets.disconnect(ctx.user.id);
		await ctx.sessions.invalidateAll(ctx.user.id);
		clearSessionCookie(ctx);
		return { ok: true as const };
	}),

	/** The user's live sessions; `current` marks this one. */
	sessions: authedProcedure.query(async ({ ctx }) => {
		const list = await ctx.sessions.list(ctx.user.id);
		return list.map((s) => ({ ...s, current: s.id === ctx.session.id }));
	}),

	/** Ends one of the user's sessions (another device, or this one). */
	revokeSession: authedProcedure
		.input(z.object({ sessionId: z.string().min(1).max(64) }))
		.mutation(async ({ ctx, input }) => {
			const revoked = await ctx.sessions.revoke(ctx.user.id, input.sessionId);
			if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such session.' });
			if (input.sessionId === ctx.session.id) clearSessionCookie(ctx);
			return { ok: true as const };
		})
});
