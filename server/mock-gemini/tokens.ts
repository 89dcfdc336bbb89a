/**
 * How the mock counts tokens. Gemini's tokenizer is not public, so the mock uses the common
 * rule of thumb for French prose: one token per 4 characters (UTF-16 code units), rounded
 * up, per text part. A PDF part costs what Gemini bills for one page. The same rule is
 * applied to prompts and answers, so ratios between them (the token bench) are fair even if
 * the absolute numbers differ from Gemini's by a few per cent.
 */

/** Characters per token in the mock's count. */
export const CHARS_PER_TOKEN = 4;

/** Gemini bills roughly this many tokens for one PDF page. */
export const TOKENS_PER_PDF_PART = 258;

/** The mock's token count of `text`. */
export function tokensOf(text: string): number {
	return Math.ceil(text.length / CHARS_PER_TOKEN);
}
