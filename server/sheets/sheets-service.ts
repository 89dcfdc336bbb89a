/**
 * "Send to Google Sheets", relay side: the reader's grant (sealed in SQLite, access tokens in
 * memory only, never sent to the browser), a new spreadsheet per send, the table in batches.
 */
import { ArcticFetchError, UnexpectedResponseError } from 'arctic';
import type { Kysely } from 'kysely';
import {
	DRIVE_FILE_SCOPE,
	GoogleGrantRevoked,
	createGoogleAuth,
	type GoogleGrant
} from '../auth/google-oauth.ts';
import type { Database } from '../db/schema.ts';
import type { RelayConfig } from '../env.ts';
import { backoffMs } from './google-retry.ts';
import { createGoogleTokenStore, type StoredGrant } from './google-tokens.ts';
import { SheetsHttpError, createSheetsApi } from './sheets-api.ts';
import { SheetsError } from './sheets-errors.ts';
import { planBatches } from './sheets-batches.ts';
import { createTokenCipher, decodeTokenKey } from './token-cipher.ts';

/** Google's per-spreadsheet ceiling. */
const MAX_CELLS = 10_000_000;
/** An access token this close to its end is refreshed first: a long export outlives a short remainder. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Why the export is off on this relay. */
export type SheetsUnavailableReason = 'no_google' | 'no_key';

/** What the button needs to know about the reader. */
export interface SheetsStatus {
	available: boolean;
	reason: SheetsUnavailableReason | null;
	/** The account is a Google one (signed in with Google, or linked to it). */
	google: boolean;
	/** A grant is stored: a send goes straight through. */
	connected: boolean;
}

/** A send's table. */
export interface SheetsSendInput {
	/** The spreadsheet's name: the book's title. */
	title: string;
	/** The one sheet's tab name. */
	sheetTitle: string;
	rows: string[][];
}

/** What a finished send made. */
export interface SheetsSendResult {
	spreadsheetId: string;
	spreadsheetUrl: string;
	rows: number;
	batches: number;
}

/** What saving a new grant found. */
export type GrantOutcome =
	'ok' | 'unavailable' | 'not_google' | 'other_account' | 'scope' | 'no_refresh';

/** A tab name Google accepts: no [ ] * ? : / \, at most 100 characters. */
export function sheetTabTitle(name: string): string {
	const clean = name
		.replace(/[[\]*?:/\\]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 100);
	return clean || 'Sheet1';
}

/** Builds the service from the relay's configuration. */
export function createSheetsService(deps: {
	config: RelayConfig;
	db: Kysely<Database>;
	now: () => number;
	/** Told of every retry of a Google call (status, wait). */
	onRetry?(status: number, waitMs: number): void;
}) {
	const { config } = deps;
	const google = config.auth.google ? createGoogleAuth(config.auth.google) : undefined;
	const key = config.sheets.tokenKey ? decodeTokenKey(config.sheets.tokenKey) : undefined;
	const tokens = createGoogleTokenStore(deps.db, key && createTokenCipher(key), deps.now);
	const api = createSheetsApi({
		baseUrl: config.sheets.apiBaseUrl,
		retry: config.sheets.retry,
		onRetry: deps.onRetry
	});
	const reason: SheetsUnavailableReason | null = !google ? 'no_google' : !key ? 'no_key' : null;
	/** Access tokens by user id; memory only, so a database copy holds none. */
	const access = new Map<string, { token: string; expiresAt: number }>();
	const running = new Set<string>();

	const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

	async function drop(userId: string): Promise<void> {
		access.delete(userId);
		await tokens.delete(userId);
	}

	function reconnect(): SheetsError {
		return new SheetsError(
			'sheets_reconnect',
			'Google no longer lets this app create spreadsheets for you. Connect Google Sheets again.'
		);
	}

	/** A refresh, retried like any Google call when the token endpoint is busy or unreachable. */
	async function refreshed(refreshToken: string) {
		for (let attempt = 1; ; attempt++) {
			try {
				return await google!.refresh(refreshToken);
			} catch (err) {
				const status =
					err instanceof UnexpectedResponseError
						? err.status
						: err instanceof ArcticFetchError
							? 503
							: undefined;
				const wait =
					status === undefined ? undefined : backoffMs(attempt, { status }, config.sheets.retry);
				if (wait === undefined) throw err;
				deps.onRetry?.(status!, wait);
				await sleep(wait);
			}
		}
	}

	async function accessToken(userId: string, grant: StoredGrant, fresh: boolean): Promise<string> {
		const cached = access.get(userId);
		if (!fresh && cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached.token;
		try {
			const t = await refreshed(grant.refreshToken);
			access.set(userId, { token: t.accessToken, expiresAt: t.expiresAt });
			return t.accessToken;
		} catch (err) {
			if (err instanceof GoogleGrantRevoked) {
				await drop(userId);
				throw reconnect();
			}
			throw new SheetsError('sheets_google', 'Google did not renew access. Try again later.');
		}
	}

	/**
	 * Runs a Sheets call with the reader's access token. A 401 may only mean the token lapsed:
	 * one refresh, one more try; a 401 on a fresh token means the grant is gone.
	 */
	async function withToken<T>(
		userId: string,
		grant: StoredGrant,
		call: (token: string) => Promise<T>
	): Promise<T> {
		try {
			return await call(await accessToken(userId, grant, false));
		} catch (err) {
			if (!(err instanceof SheetsHttpError && err.status === 401)) throw err;
		}
		try {
			return await call(await accessToken(userId, grant, true));
		} catch (err) {
			if (err instanceof SheetsHttpError && err.status === 401) {
				await drop(userId);
				throw reconnect();
			}
			throw err;
		}
	}

	function googleFailure(err: unknown, made: string | undefined): SheetsError {
		if (err instanceof SheetsError) return err;
		const partial = made ? ` A partly filled spreadsheet was left in your Drive: ${made}` : '';
		if (err instanceof SheetsHttpError) {
			const busy = err.status === 429 || err.status >= 500;
			return new SheetsError(
				'sheets_google',
				busy
					? `Google Sheets is busy (${err.status}). Try again in a minute.${partial}`
					: `Google Sheets refused the spreadsheet (${err.status}: ${err.googleMessage}).${partial}`,
				err.retryAfterMs
			);
		}
		return new SheetsError('sheets_google', `Google Sheets could not be reached.${partial}`);
	}

	return {
		/** The underlying store, for sign-out and tests. */
		tokens,

		/** Whether the export is on, and where this reader stands. */
		async status(userId: string | null): Promise<SheetsStatus> {
			const sub = userId ? await tokens.googleSubOf(userId) : null;
			return {
				available: reason === null,
				reason,
				google: sub !== null,
				connected: reason === null && userId !== null && (await tokens.has(userId))
			};
		},

		/** Whether the consent screen must be forced: only then is a refresh token sure to come. */
		async needsConsent(userId: string): Promise<boolean> {
			return !(await tokens.has(userId));
		},

		/** Checks a new grant against the signed-in reader, then seals and keeps it. */
		async saveGrant(userId: string, grant: GoogleGrant): Promise<GrantOutcome> {
			if (reason) return 'unavailable';
			const sub = await tokens.googleSubOf(userId);
			if (!sub) return 'not_google';
			// Consent given from another Google account would write into someone else's Drive.
			if (grant.profile.sub !== sub) return 'other_account';
			// Google's granular consent lets the reader untick the Drive box.
			if (!grant.scopes.includes(DRIVE_FILE_SCOPE)) return 'scope';
			const kept = await tokens.load(userId);
			const refreshToken = grant.refreshToken ?? kept?.refreshToken;
			if (!refreshToken) return 'no_refresh';
			await tokens.save(userId, { googleSub: sub, refreshToken, scopes: grant.scopes });
			access.set(userId, { token: grant.accessToken, expiresAt: grant.accessTokenExpiresAt });
			return 'ok';
		},

		/** Creates a new spreadsheet named `title` holding `rows`, written in batches. Never reuses one. */
		async send(userId: string, input: SheetsSendInput): Promise<SheetsSendResult> {
			if (reason) {
				throw new SheetsError(
					'sheets_unavailable',
					reason === 'no_google'
						? 'Google Sheets export is not set up on this relay (no Google client).'
						: 'Google Sheets export is off on this relay: its operator must set TOKEN_ENCRYPTION_KEY.'
				);
			}
			if (!(await tokens.googleSubOf(userId))) {
				throw new SheetsError(
					'sheets_not_google',
					'Sending to Google Sheets needs an account signed in with Google.'
				);
			}
			const grant = await tokens.load(userId);
			if (!grant) {
				throw new SheetsError(
					'sheets_connect',
					'Allow this app to create spreadsheets in your Google Drive first.'
				);
			}
			const columns = input.rows.reduce((max, r) => Math.max(max, r.length), 1);
			if (input.rows.length * columns > MAX_CELLS) {
				throw new SheetsError(
					'sheets_google',
					`This table has more than Google's ${MAX_CELLS.toLocaleString('en')} cells per spreadsheet.`
				);
			}
			if (running.has(userId)) {
				throw new SheetsError('sheets_busy', 'A spreadsheet is already being sent. Wait for it.');
			}
			running.add(userId);
			let made: string | undefined;
			try {
				const sheet = { title: sheetTabTitle(input.sheetTitle), rows: input.rows.length, columns };
				const created = await withToken(userId, grant, (t) => api.create(t, input.title, sheet));
				made = created.spreadsheetUrl;
				const batches = planBatches(input.rows);
				for (const b of batches) {
					await withToken(userId, grant, (t) =>
						api.write(t, created.spreadsheetId, sheet.title, b.start, b.rows, columns)
					);
				}
				return {
					spreadsheetId: created.spreadsheetId,
					spreadsheetUrl: created.spreadsheetUrl,
					rows: input.rows.length,
					batches: batches.length
				};
			} catch (err) {
				throw googleFailure(err, made);
			} finally {
				running.delete(userId);
			}
		},

		/**
		 * Revokes the reader's grant at Google and deletes it here. The row goes even when Google
		 * cannot be reached: the reader asked us to forget it. `revoked` says whether Google heard.
		 */
		async disconnect(userId: string): Promise<{ hadGrant: boolean; revoked: boolean }> {
			const grant = await tokens.load(userId);
			let revoked = false;
			if (grant && google) {
				try {
					await google.revoke(grant.refreshToken);
					revoked = true;
				} catch {
					// Deleting our copy still stops every use of it by this relay.
				}
			}
			access.delete(userId);
			const hadGrant = (await tokens.delete(userId)) || grant !== undefined;
			return { hadGrant, revoked };
		}
	};
}

/** The service's type. */
export type SheetsService = ReturnType<typeof createSheetsService>;
