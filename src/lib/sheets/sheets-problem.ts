/**
 * What can stand between a reader and a spreadsheet, as codes the button words. Pure: the
 * relay's error kinds and the `?sheets_error=` codes of the consent redirect map to one list.
 */

/** Every reason the button may show. */
export type SheetsProblem =
	| 'unavailable'
	| 'sign_in'
	| 'not_google'
	| 'reconnect'
	| 'busy'
	| 'google_busy'
	| 'google_failed'
	| 'offline'
	| 'denied'
	| 'other_account'
	| 'scope'
	| 'connect_failed'
	| 'nothing';

const BY_RELAY_KIND: Record<string, SheetsProblem> = {
	sheets_unavailable: 'unavailable',
	sheets_not_google: 'not_google',
	// Asked to connect while sending: the grant vanished between the status and the send.
	sheets_connect: 'reconnect',
	sheets_reconnect: 'reconnect',
	sheets_busy: 'busy'
};

const BY_REDIRECT_CODE: Record<string, SheetsProblem> = {
	signin: 'sign_in',
	unavailable: 'unavailable',
	not_google: 'not_google',
	denied: 'denied',
	other_account: 'other_account',
	scope: 'scope',
	no_refresh: 'reconnect'
};

/** The problem behind a failed relay call: its `kind`, else its HTTP status, else offline. */
export function problemOfRelayError(
	kind: string | undefined,
	httpStatus: number | undefined,
	retryAfterMs?: number
): SheetsProblem {
	if (kind && kind in BY_RELAY_KIND) return BY_RELAY_KIND[kind];
	if (kind === 'sheets_google') return retryAfterMs !== undefined ? 'google_busy' : 'google_failed';
	if (httpStatus === 401) return 'sign_in';
	if (httpStatus === undefined) return 'offline';
	return 'google_failed';
}

/** The problem a `?sheets_error=` code from the consent redirect stands for. */
export function problemOfRedirect(code: string): SheetsProblem {
	return BY_REDIRECT_CODE[code] ?? 'connect_failed';
}

/** A same-site path (with query) to come back to after Google's consent screen. */
export function connectHref(connectUrl: string, returnPath: string): string {
	return `${connectUrl}?return=${encodeURIComponent(returnPath)}`;
}

/** The page's path without the `sheets` and `sheets_error` markers the redirect added. */
export function withoutSheetsMarkers(href: string): string {
	const url = new URL(href);
	url.searchParams.delete('sheets');
	url.searchParams.delete('sheets_error');
	return url.pathname + url.search + url.hash;
}
