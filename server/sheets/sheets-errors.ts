/** Why a Google Sheets export could not go ahead, as the page words it. */
export type SheetsErrorKind =
	/** The relay has no Google client or no TOKEN_ENCRYPTION_KEY. */
	| 'sheets_unavailable'
	/** The reader's account is not a Google one. */
	| 'sheets_not_google'
	/** The reader has not yet allowed the relay to create spreadsheets. */
	| 'sheets_connect'
	/** Google no longer honours the grant (revoked, expired): it was deleted; ask again. */
	| 'sheets_reconnect'
	/** Another send of this reader's is still running. */
	| 'sheets_busy'
	/** Google kept failing, or refused the request. */
	| 'sheets_google';

/** A refusal or failure of the Sheets export; the router gives it its HTTP status. */
export class SheetsError extends Error {
	constructor(
		readonly kind: SheetsErrorKind,
		message: string,
		readonly retryAfterMs?: number
	) {
		super(message);
		this.name = 'SheetsError';
	}
}
