/** Why a credit operation refused, with what the browser needs to explain it. */

/** The refusals the browser tells apart. */
export type CreditsErrorKind = 'insufficient_credits' | 'no_reservation' | 'job_not_found';

/** Numbers for the message, in credits. */
export interface CreditsErrorDetails {
	balance?: number;
	required?: number;
	shortfall?: number;
}

/** A refused credit operation; the tRPC layer maps its kind to an HTTP status. */
export class CreditsError extends Error {
	override readonly name = 'CreditsError';
	constructor(
		readonly kind: CreditsErrorKind,
		message: string,
		readonly details: CreditsErrorDetails = {}
	) {
		super(message);
	}
}

function fmt(credits: number): string {
	return String(Math.round(credits * 10) / 10);
}

/** The balance cannot cover `required`. */
export function insufficientCredits(balance: number, required: number): CreditsError {
	const shortfall = Math.max(0, required - balance);
	return new CreditsError(
		'insufficient_credits',
		`Not enough credits: this needs about ${fmt(required)} and you have ${fmt(balance)}. Ask for more credits, then resume the job.`,
		{ balance, required, shortfall }
	);
}
