import { initTRPC } from '@trpc/server';
import type { RelayContext } from './context.ts';
import { relayErrorData } from './relay-errors.ts';

const t = initTRPC.context<RelayContext>().create({
	errorFormatter({ shape, error }) {
		// The browser classifies failures by `kind` and honours `retryAfterMs`, so both travel in `data`.
		return { ...shape, data: { ...shape.data, ...relayErrorData(error) } };
	}
});

/** Builds routers. */
export const router = t.router;
/** A procedure anyone may call. Sign-in comes later; it will add an `authed` procedure here. */
export const publicProcedure = t.procedure;
/** Builds a caller for tests that skip HTTP. */
export const createCallerFactory = t.createCallerFactory;
