import { z } from 'zod';
import {
	MAX_PAGES_PER_READ,
	pagePlaceholders
} from '../../src/lib/shared/pipeline/scanned-pages.ts';
import { toCredits } from '../credits/pricing.ts';
import { GeminiError } from '../gemini/gemini-errors.ts';
import { aiDisabledError, toTRPCError } from '../relay-errors.ts';
import { chunkProcedure, router } from '../trpc.ts';
import { gatedGeminiCall, settleUsage, withCreditHold } from './chunks.ts';
import { ClientJobId, resolveTier } from './job-input.ts';

/** The largest PDF a page read may carry, before base64. */
export const MAX_PAGES_PDF_BYTES = 8 * 1024 * 1024;

const ReadInput = z
	.object({
		clientJobId: ClientJobId,
		pageFrom: z.number().int().min(1),
		pageTo: z.number().int().min(1),
		/** The pages, cut into their own small PDF, base64-encoded. */
		pdfBase64: z
			.string()
			.min(1)
			.max(Math.ceil(MAX_PAGES_PDF_BYTES / 3) * 4)
			.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Not base64'),
		tier: z.string().max(32).optional()
	})
	.refine((r) => r.pageTo >= r.pageFrom && r.pageTo - r.pageFrom < MAX_PAGES_PER_READ, {
		message: `A page read covers 1 to ${MAX_PAGES_PER_READ} consecutive pages.`
	});

/** Page reads: the text of scanned (image-only) pages, transcribed by Gemini. */
export const pagesRouter = router({
	/**
	 * Sends a small PDF of consecutive scanned pages to Gemini and returns their body text.
	 * Like `chunks.normalize`, it needs the job's credit reservation (which the browser made
	 * with one page-sized placeholder per page, src/lib/shared/pipeline/scanned-pages.ts), holds that
	 * estimate while it runs, and settles what Gemini billed, even for a failed answer.
	 */
	read: chunkProcedure.input(ReadInput).mutation(async ({ ctx, input, signal }) => {
		const { config } = ctx;
		if (!ctx.gemini || !config.gemini) throw aiDisabledError();
		const gemini = ctx.gemini;
		const tier = resolveTier(config, input.tier);
		const pages = Array.from(
			{ length: input.pageTo - input.pageFrom + 1 },
			(_, k) => input.pageFrom + k
		);
		// The smallest word limit: every placeholder counts as a long item.
		const { costMc } = ctx.credits.estimate(pagePlaceholders(pages), 3, tier);
		const pdf = new Uint8Array(Buffer.from(input.pdfBase64, 'base64'));
		try {
			const answer = await withCreditHold(ctx, input.clientJobId, costMc, () =>
				gatedGeminiCall(ctx, input.clientJobId, tier, signal, () =>
					gemini.readPages({ pdf, tier, signal })
				)
			);
			const settled = await settleUsage(ctx, input.clientJobId, tier, answer.usage);
			return {
				text: answer.text,
				usage: answer.usage,
				credits: { charged: toCredits(settled.chargedMc), balance: toCredits(settled.balanceMc) }
			};
		} catch (err) {
			if (err instanceof GeminiError) throw toTRPCError(err);
			throw err;
		}
	})
});
