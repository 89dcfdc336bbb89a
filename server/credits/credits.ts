/**
 * Credits: reserve before a job, settle each chunk's real usage, release the rest.
 *
 * Every operation is one transaction that begins by locking the user's row, granting the
 * month's credits if this is the user's first activity of the month, and releasing lapsed
 * reservations. The balance check and the write that spends are in the same transaction,
 * so parallel calls cannot both spend the same credits. Rules:
 * - reserve holds the relay's estimate, or refuses (402) when the balance cannot cover it;
 *   reserving again for an active job only tops it up to the new estimate.
 * - a chunk runs only when its job's reservation covers the estimates of all of the job's
 *   running chunks; a shortfall is reserved from the balance, or the chunk gets 402.
 * - settle charges a chunk's billed tokens to its job's reservation; beyond the reservation
 *   it draws the balance down to 0 but never below (the rest is recorded as uncollected),
 *   by first reserving the difference, so that for every job reserved − released = settled.
 * - release returns what a job still holds; so does expiry, 24 h after the job was last
 *   reserved or settled.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { creditContext, type CreditsOptions } from './credit-context.ts';
import { createCreditQueries } from './credit-queries.ts';
import { estimateTokens, type EstimateItem, type TokenEstimate } from './estimate.ts';
import { costOfTokens, type PriceTable } from './pricing.ts';
import { createReservations } from './reservations.ts';
import { createSettlement } from './settlement.ts';

export type { CreditsOptions } from './credit-context.ts';
export type { JobView } from './credit-queries.ts';

/** The credit rules the relay's configuration sets; the caller adds the clock and hooks. */
export function creditRulesFrom(config: {
	credits: { pricePer1kTokens: PriceTable; monthlyGrant: number; reservationTtlMs: number };
	limits: { maxItemsPerChunk: number; maxChunkChars: number };
}): Omit<CreditsOptions, 'now' | 'onJobStart'> {
	return {
		pricePer1kTokens: config.credits.pricePer1kTokens,
		monthlyGrant: config.credits.monthlyGrant,
		reservationTtlMs: config.credits.reservationTtlMs,
		chunking: {
			maxItemsPerChunk: config.limits.maxItemsPerChunk,
			maxChunkChars: config.limits.maxChunkChars
		}
	};
}

/**
 * Creates the credit operations over the relay's database: reservations
 * (credits/reservations.ts), settlement and grants (credits/settlement.ts) and the reader's
 * views (credits/credit-queries.ts), under one locking rule (credits/credit-context.ts).
 */
export function createCredits(db: Kysely<Database>, opts: CreditsOptions) {
	const ctx = creditContext(db, opts);

	/** The estimate for a set of items, in tokens and millicredits. */
	function estimate(
		items: readonly EstimateItem[],
		limit: number,
		tier: string
	): { tokens: TokenEstimate; costMc: number } {
		const tokens = estimateTokens(items, { limit, ...opts.chunking });
		return { tokens, costMc: costOfTokens(tokens.totalTokens, tier, opts.pricePer1kTokens) };
	}

	return {
		estimate,
		...createCreditQueries(ctx),
		...createReservations(ctx, estimate),
		...createSettlement(ctx)
	};
}

export type Credits = ReturnType<typeof createCredits>;
