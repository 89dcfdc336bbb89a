/**
 * Credits and their price. Amounts are stored as integer millicredits so sums are exact on
 * SQLite and Postgres alike; procedures speak credits.
 *
 * Default prices (env PRICE_<TIER>_PER_1K_TOKENS), in credits per 1,000 billed tokens:
 * flash 0.03, lite 0.01. A 120-page novel sends about 60k tokens of long sentences plus
 * the system instruction once per chunk, and gets about as much back: roughly 120k billed
 * tokens, so about 4 credits on flash. The monthly 50 credits then cover a dozen such
 * books, or three 500-page ones. At Gemini Flash list prices that 120k tokens cost about
 * $0.15, so a credit stands for about 4 US cents of Gemini spend, and lite is cheaper in
 * the same proportion as its model.
 */

/** Millicredits per credit. */
export const MILLI = 1000;

/** Credits (possibly fractional) to stored millicredits. */
export function toMillicredits(credits: number): number {
	return Math.round(credits * MILLI);
}

/** Stored millicredits to credits, for answers. */
export function toCredits(millicredits: number): number {
	return millicredits / MILLI;
}

/** Model tier to credits per 1,000 tokens. */
export type PriceTable = Record<string, number>;

/** What `tokens` billed tokens of `tier` cost, in millicredits, rounded up. */
export function costOfTokens(tokens: number, tier: string, prices: PriceTable): number {
	const per1k = prices[tier] ?? Math.max(...Object.values(prices));
	// tokens / 1000 × per1k credits × 1000 millicredits per credit.
	return Math.ceil(Math.max(0, tokens) * per1k);
}
