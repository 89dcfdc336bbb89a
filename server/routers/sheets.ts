import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { SheetsError, type SheetsErrorKind } from '../sheets/sheets-errors.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

/** Where the button sends the browser to grant the drive.file scope (a server route). */
export const SHEETS_CONNECT_PATH = '/auth/google/sheets';

const CODE_BY_KIND: Record<SheetsErrorKind, TRPCError['code']> = {
	sheets_unavailable: 'PRECONDITION_FAILED',
	sheets_not_google: 'FORBIDDEN',
	sheets_connect: 'PRECONDITION_FAILED',
	sheets_reconnect: 'PRECONDITION_FAILED',
	sheets_busy: 'CONFLICT',
	sheets_google: 'BAD_GATEWAY'
};

/** Gives a SheetsError its status; its kind reaches the browser through errorDetails. */
function toTRPCError(err: unknown): unknown {
	if (!(err instanceof SheetsError)) return err;
	const code =
		err.kind === 'sheets_google' && err.retryAfterMs !== undefined
			? 'TOO_MANY_REQUESTS'
			: CODE_BY_KIND[err.kind];
	return new TRPCError({ code, message: err.message, cause: err });
}

/** Google caps a cell at 50,000 characters; the relay's body limit caps the whole table first. */
const Cell = z.string().max(50_000);
const SendInput = z.object({
	title: z.string().trim().min(1).max(200),
	sheetTitle: z.string().trim().min(1).max(100).default('Sheet1'),
	rows: z.array(z.array(Cell).max(1_000)).min(1).max(1_000_000)
});

/** "Send to Google Sheets": where the reader stands, a send, and forgetting the grant. */
export const sheetsRouter = router({
	/** Whether the export is on and what this reader still needs (sign-in with Google, consent). */
	status: publicProcedure.query(async ({ ctx }) => {
		const status = await ctx.sheets.status(ctx.user?.id ?? null);
		return {
			...status,
			signedIn: ctx.user !== null,
			connectUrl: SHEETS_CONNECT_PATH,
			signInUrl: ctx.config.auth.google ? '/auth/google' : null
		};
	}),

	/** Creates a new spreadsheet named after the book and writes the table into it. */
	send: authedProcedure.input(SendInput).mutation(async ({ ctx, input }) => {
		try {
			return await ctx.sheets.send(ctx.user.id, input);
		} catch (err) {
			throw toTRPCError(err);
		}
	}),

	/** Revokes the grant at Google and deletes the stored token. */
	disconnect: authedProcedure.mutation(({ ctx }) => ctx.sheets.disconnect(ctx.user.id))
});
