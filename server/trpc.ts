import { TRPCError, initTRPC } from '@trpc/server';
import { crossSiteProblem } from './auth/request-meta.ts';
import type { RelayContext } from './context.ts';
import { CreditsError } from './credits/credit-errors.ts';
import { LimitError } from './limits/limit-error.ts';
import { isStoreOutage } from './cluster/store-outage.ts';
import { INTERNAL_MESSAGE, relayErrorData, storeUnavailableError } from './relay-errors.ts';
import { SheetsError } from './sheets/sheets-errors.ts';

/** Extra fields of an error's `data` that the browser reads: why, when to retry, and the credit numbers. */
export function errorDetails(error: TRPCError): {
	kind?: string;
	retryAfterMs?: number;
	limit?: string;
	balance?: number;
	required?: number;
	shortfall?: number;
} {
	const cause = error.cause;
	if (cause instanceof CreditsError) return { kind: cause.kind, ...cause.details };
	if (cause instanceof LimitError) {
		return { kind: 'relay_limit', limit: cause.limit, retryAfterMs: cause.retryAfterMs };
	}
	if (cause instanceof SheetsError) return { kind: cause.kind, retryAfterMs: cause.retryAfterMs };
	return relayErrorData(error);
}

/**
 * Stack traces and internal messages stay in the relay's log unless the operator asks for
 * them with NODE_ENV=development: tRPC's own default shows them whenever NODE_ENV is not
 * `production`, which `npm start` does not set.
 */
export const DEV_ERRORS = process.env.NODE_ENV === 'development';

const t = initTRPC.context<RelayContext>().create({
	isDev: DEV_ERRORS,
	errorFormatter({ shape, error }) {
		// The browser classifies failures by `kind` and honours `retryAfterMs`, so both travel in `data`.
		const data = { ...shape.data, ...errorDetails(error) };
		if (DEV_ERRORS) return { ...shape, data };
		delete data.stack;
		// An unexpected error's message can name files, SQL or addresses; the log keeps it.
		const internal = error.code === 'INTERNAL_SERVER_ERROR';
		return { ...shape, message: internal ? INTERNAL_MESSAGE : shape.message, data };
	}
});

const CODE_BY_CREDITS_KIND: Record<CreditsError['kind'], TRPCError['code']> = {
	insufficient_credits: 'PAYMENT_REQUIRED',
	// 402 too: the runner pauses the job, and resuming it reserves again.
	no_reservation: 'PAYMENT_REQUIRED',
	job_not_found: 'NOT_FOUND'
};

/** Gives domain refusals (credits, limits) and store outages their HTTP status, in one place. */
const typedErrors = t.middleware(async ({ ctx, next }) => {
	const result = await next();
	if (result.ok) return result;
	const cause = result.error.cause;
	if (result.error.code === 'INTERNAL_SERVER_ERROR' && isStoreOutage(cause, ctx.redis)) {
		throw storeUnavailableError(cause);
	}
	if (cause instanceof CreditsError) {
		throw new TRPCError({ code: CODE_BY_CREDITS_KIND[cause.kind], message: cause.message, cause });
	}
	if (cause instanceof LimitError) {
		throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause });
	}
	return result;
});

/** Refuses a mutation sent from another site (CSRF); see crossSiteProblem for the rules. */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
	if (type === 'mutation') {
		const problem = crossSiteProblem(ctx.req);
		if (problem) {
			throw new TRPCError({
				code: 'FORBIDDEN',
				message: `Cross-site request refused: ${problem}.`
			});
		}
	}
	return next();
});

/** Needs a session; narrows `ctx.user` and `ctx.session` to non-null. */
const authed = t.middleware(({ ctx, next }) => {
	if (!ctx.user || !ctx.session) {
		throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to use AI mode.' });
	}
	return next({ ctx: { user: ctx.user, session: ctx.session } });
});

/** Builds routers. */
export const router = t.router;
/** A procedure anyone may call: health, config.get, sign-up and sign-in. Mutations are CSRF-checked. */
export const publicProcedure = t.procedure.use(typedErrors).use(sameOrigin);
/** A procedure for signed-in users. */
export const authedProcedure = publicProcedure.use(authed);
/** A procedure for the admin role only. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
	if (ctx.user.role !== 'admin') {
		throw new TRPCError({ code: 'FORBIDDEN', message: 'This is for administrators only.' });
	}
	return next();
});
/**
 * A chunk call: counts against the user's per-minute limit and holds one of their
 * in-flight slots until it answers.
 */
export const chunkProcedure = authedProcedure.use(async ({ ctx, next }) => {
	await ctx.limits.chunkCall(ctx.user.id);
	const leave = await ctx.limits.enter(ctx.user.id);
	try {
		return await next();
	} finally {
		leave();
	}
});
/** Builds a caller for tests that skip HTTP. */
export const createCallerFactory = t.createCallerFactory;
