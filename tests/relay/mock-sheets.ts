/**
 * A local stand-in for the Sheets API v4: spreadsheets.create and values.batchUpdate, with
 * Google's rules that matter here: a bearer token with drive.file, only files the app made for
 * that account, writes inside the sheet's grid. It records every request and can answer the
 * next ones with a fault (429 with Retry-After, 5xx, 401).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockTokenInfo } from './mock-google.ts';

const DRIVE_FILE = 'https://www.googleapis.com/auth/drive.file';

/** One spreadsheet as the mock keeps it. */
export interface MockSpreadsheet {
	id: string;
	title: string;
	sheetTitle: string;
	owner: string;
	rowCount: number;
	columnCount: number;
	cells: (string | undefined)[][];
}

/** One request the mock answered. */
export interface MockSheetsRequest {
	kind: 'create' | 'write' | 'other';
	status: number;
	bytes: number;
	/** Rows in a write. */
	rows: number;
	spreadsheetId?: string;
}

/** A scripted answer for an upcoming request. */
export interface MockSheetsFault {
	status: number;
	retryAfter?: string;
	/** Only for the next request of this kind (any kind when unset). */
	on?: 'create' | 'write';
}

export interface MockSheets {
	url: string;
	spreadsheets: Map<string, MockSpreadsheet>;
	requests: MockSheetsRequest[];
	/** Cells written twice: a send must never write over what is already there. */
	overwrites: number;
	/** Answers the next (matching) requests with these faults, in order, before doing anything. */
	fail(...faults: MockSheetsFault[]): void;
	/** A spreadsheet's rows as strings, empty cells as ''. */
	valuesOf(id: string): string[][];
	close(): Promise<void>;
}

const googleError = (code: number, status: string, message: string) => ({
	error: { code, message, status }
});

/** Starts the mock on a free port; `tokenInfo` says what a bearer token stands for. */
export async function startMockSheets(
	tokenInfo: (token: string) => MockTokenInfo | undefined
): Promise<MockSheets> {
	const spreadsheets = new Map<string, MockSpreadsheet>();
	const requests: MockSheetsRequest[] = [];
	const faults: MockSheetsFault[] = [];
	let seq = 0;

	const mock: MockSheets = {
		url: '',
		spreadsheets,
		requests,
		overwrites: 0,
		fail(...next) {
			faults.push(...next);
		},
		valuesOf(id) {
			const s = spreadsheets.get(id);
			if (!s) throw new Error(`no spreadsheet ${id}`);
			return s.cells.map((row) => Array.from(row, (c) => c ?? ''));
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};

	type Answer = [
		status: number,
		payload: unknown,
		log: MockSheetsRequest,
		headers?: Record<string, string>
	];

	function handle(req: http.IncomingMessage, body: string): Answer {
		const url = new URL(req.url ?? '/', 'http://mock.invalid');
		const create = req.method === 'POST' && url.pathname === '/v4/spreadsheets';
		const write = /^\/v4\/spreadsheets\/([^/]+)\/values:batchUpdate$/.exec(url.pathname);
		const log: MockSheetsRequest = {
			kind: create ? 'create' : write ? 'write' : 'other',
			status: 200,
			bytes: Buffer.byteLength(body),
			rows: 0,
			spreadsheetId: write ? decodeURIComponent(write[1]) : undefined
		};
		const answer = (status: number, payload: unknown, headers?: Record<string, string>): Answer => {
			log.status = status;
			return [status, payload, log, headers];
		};
		const at = faults.findIndex((f) => f.on === undefined || f.on === log.kind);
		const fault = at < 0 ? undefined : faults.splice(at, 1)[0];
		if (fault) {
			return answer(
				fault.status,
				googleError(fault.status, 'FAULT', 'scripted fault'),
				fault.retryAfter ? { 'retry-after': fault.retryAfter } : undefined
			);
		}
		const who = tokenInfo((req.headers.authorization ?? '').replace(/^Bearer /, ''));
		if (!who) {
			return answer(
				401,
				googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')
			);
		}
		if (!who.scopes.includes(DRIVE_FILE)) {
			return answer(
				403,
				googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.')
			);
		}
		if (create) {
			const input = JSON.parse(body) as {
				properties: { title: string };
				sheets: {
					properties: { title: string; gridProperties: { rowCount: number; columnCount: number } };
				}[];
			};
			const sheet = input.sheets[0].properties;
			const id = `sheet${++seq}-${Math.random().toString(36).slice(2, 10)}`;
			spreadsheets.set(id, {
				id,
				title: input.properties.title,
				sheetTitle: sheet.title,
				owner: who.sub,
				rowCount: sheet.gridProperties.rowCount,
				columnCount: sheet.gridProperties.columnCount,
				cells: []
			});
			return answer(200, {
				spreadsheetId: id,
				properties: input.properties,
				sheets: [{ properties: { sheetId: 0, ...sheet } }],
				spreadsheetUrl: `${mock.url}/spreadsheets/d/${id}/edit`
			});
		}
		if (write && req.method === 'POST') {
			const s = spreadsheets.get(log.spreadsheetId ?? '');
			// drive.file reaches only the files this app created for this account.
			if (!s || s.owner !== who.sub) {
				return answer(404, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));
			}
			const input = JSON.parse(body) as {
				valueInputOption: string;
				data: { range: string; values: string[][] }[];
			};
			if (input.valueInputOption !== 'RAW') {
				return answer(400, googleError(400, 'INVALID_ARGUMENT', 'expected RAW'));
			}
			for (const { range, values } of input.data) {
				const m = /^'((?:[^']|'')*)'!A(\d+):([A-Z]+)(\d+)$/.exec(range);
				if (!m || m[1].replaceAll("''", "'") !== s.sheetTitle) {
					return answer(
						400,
						googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`)
					);
				}
				const first = Number(m[2]);
				const last = Number(m[4]);
				const cols = [...m[3]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
				if (last > s.rowCount || cols > s.columnCount) {
					return answer(
						400,
						googleError(400, 'INVALID_ARGUMENT', `Range (${range}) exceeds grid limits.`)
					);
				}
				if (values.length > last - first + 1 || values.some((r) => r.length > cols)) {
					return answer(
						400,
						googleError(400, 'INVALID_ARGUMENT', 'Requested writing outside the range.')
					);
				}
				values.forEach((row, i) => {
					const target = (s.cells[first - 1 + i] ??= []);
					row.forEach((cell, j) => {
						if (target[j] !== undefined) mock.overwrites += 1;
						target[j] = cell;
					});
				});
				log.rows += values.length;
			}
			return answer(200, { spreadsheetId: s.id, totalUpdatedRows: log.rows });
		}
		return answer(404, googleError(404, 'NOT_FOUND', 'Not found'));
	}

	const server = http.createServer((req, res) => {
		// The spreadsheet's page, for a browser tab the app opens.
		const page = /^\/spreadsheets\/d\/([^/]+)\/edit$/.exec(req.url ?? '');
		if (req.method === 'GET' && page) {
			const s = spreadsheets.get(page[1]);
			res.writeHead(s ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
			res.end(`<!doctype html><title>${s ? s.title.replace(/[<&]/g, '') : 'Not found'}</title>`);
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const [status, payload, log, headers] = handle(req, body);
			requests.push(log);
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(payload));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return mock;
}
