/**
 * The two Sheets API v4 calls an export needs, over fetch, with Google's retry advice.
 * The base URL comes from configuration so that tests point it at a mock on loopback.
 */
import { backoffMs, parseRetryAfter, type RetryPolicy } from './google-retry.ts';
import { a1Range } from './sheets-batches.ts';

/** A refusal from the Sheets API after any retries. */
export class SheetsHttpError extends Error {
	constructor(
		readonly status: number,
		readonly googleMessage: string,
		readonly retryAfterMs?: number
	) {
		super(`Google Sheets answered ${status}: ${googleMessage}`);
		this.name = 'SheetsHttpError';
	}
}

/** A spreadsheet as created. */
export interface CreatedSpreadsheet {
	spreadsheetId: string;
	spreadsheetUrl: string;
}

/** What the client needs besides the access token. */
export interface SheetsApiOptions {
	baseUrl: string;
	retry: RetryPolicy;
	timeoutMs?: number;
	/** Waits between attempts; tests may count them. */
	sleep?: (ms: number) => Promise<void>;
	/** Told of every retry, for logs and tests. */
	onRetry?(status: number, waitMs: number): void;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function googleMessage(res: Response): Promise<string> {
	try {
		const body = (await res.json()) as { error?: { message?: string; status?: string } };
		return body.error?.message ?? body.error?.status ?? res.statusText;
	} catch {
		return res.statusText;
	}
}

/** The Sheets API client for one relay. */
export function createSheetsApi(opts: SheetsApiOptions) {
	const base = opts.baseUrl.replace(/\/$/, '');
	const sleep = opts.sleep ?? sleepFor;

	/** One JSON POST, retried on 429/5xx and network failures; throws SheetsHttpError otherwise. */
	async function post<T>(path: string, token: string, body: unknown): Promise<T> {
		const payload = JSON.stringify(body);
		for (let attempt = 1; ; attempt++) {
			let res: Response | undefined;
			try {
				res = await fetch(`${base}${path}`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
					body: payload,
					signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000)
				});
			} catch {
				// A dropped connection or a timeout: as transient as a 503.
			}
			if (res?.ok) return (await res.json()) as T;
			const status = res?.status ?? 503;
			const retryAfterMs = parseRetryAfter(res?.headers.get('retry-after') ?? null);
			const message = res ? await googleMessage(res) : 'no answer';
			const wait = backoffMs(attempt, { status, retryAfterMs }, opts.retry);
			if (wait === undefined) throw new SheetsHttpError(status, message, retryAfterMs);
			opts.onRetry?.(status, wait);
			await sleep(wait);
		}
	}

	return {
		/**
		 * A new spreadsheet with one sheet sized to the table. Sizing the grid up front lets
		 * every batch write to an explicit range, so a retried batch rewrites its own cells
		 * and can never land below another one (as a retried append could).
		 */
		create(
			token: string,
			title: string,
			sheet: { title: string; rows: number; columns: number }
		): Promise<CreatedSpreadsheet> {
			return post<CreatedSpreadsheet>('/v4/spreadsheets', token, {
				properties: { title },
				sheets: [
					{
						properties: {
							sheetId: 0,
							title: sheet.title,
							gridProperties: {
								rowCount: Math.max(1, sheet.rows),
								columnCount: Math.max(1, sheet.columns)
							}
						}
					}
				]
			});
		},

		/** Writes `rows` from 0-based row `start`. RAW: a cell that looks like a formula stays text. */
		async write(
			token: string,
			spreadsheetId: string,
			sheetTitle: string,
			start: number,
			rows: string[][],
			columns: number
		): Promise<void> {
			await post(
				`/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values:batchUpdate`,
				token,
				{
					valueInputOption: 'RAW',
					data: [
						{
							range: a1Range(sheetTitle, start + 1, start + rows.length, columns),
							majorDimension: 'ROWS',
							values: rows
						}
					]
				}
			);
		}
	};
}

/** The client's type. */
export type SheetsApi = ReturnType<typeof createSheetsApi>;
