import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { createTokenCipher, decodeTokenKey } from '../../server/sheets/token-cipher.ts';
import { startMockGoogle, type MockGoogle } from './mock-google.ts';
import { startMockSheets, type MockSheets } from './mock-sheets.ts';
import {
	errorOf,
	makeClient,
	relayBackends,
	sessionCookieFrom,
	signUp,
	startTestStack,
	type Captured,
	type Client,
	type TestStack
} from './relay-fixtures.ts';

const DRIVE_FILE = 'https://www.googleapis.com/auth/drive.file';
const client = { id: 'client-id.apps.example', secret: 'google-client-secret' };
const KEY = randomBytes(32).toString('base64');

describe.each(relayBackends())('on %s', (backend) => {
	let google: MockGoogle;
	let sheets: MockSheets;
	let stack: TestStack;
	/** Every response the relay sent to a test browser: no Google token may appear in one. */
	const seen: Captured[] = [];

	beforeAll(async () => {
		google = await startMockGoogle(client);
		sheets = await startMockSheets((t) => google.tokenInfo(t));
		stack = await startTestStack(
			{
				GOOGLE_CLIENT_ID: client.id,
				GOOGLE_CLIENT_SECRET: client.secret,
				GOOGLE_AUTH_BASE_URL: google.url,
				GOOGLE_SHEETS_BASE_URL: sheets.url,
				TOKEN_ENCRYPTION_KEY: KEY,
				SHEETS_RETRY_BASE_MS: '20',
				SHEETS_MAX_BACKOFF_MS: '3000'
			},
			{ backend }
		);
	});
	afterAll(async () => {
		await stack.close();
		await sheets.close();
		await google.close();
		const tokens = [...google.issuedAccessTokens, ...google.issuedRefreshTokens];
		expect(tokens.length).toBeGreaterThan(5);
		for (const r of seen) {
			const text = r.body + JSON.stringify([...r.headers]);
			for (const t of tokens) expect(text).not.toContain(t);
		}
	});
	beforeEach(() => {
		sheets.requests.length = 0;
	});

	/** A reader signed in with Google over the real redirect flow. */
	interface GoogleReader {
		sub: string;
		cookie: string;
		client: Client;
	}

	let readerSeq = 0;

	/** The cookies a redirect set, as a Cookie header. */
	function cookiesOf(res: Response, extra?: string): string {
		const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
		return [...set, ...(extra ? [extra] : [])].join('; ');
	}

	async function googleReader(): Promise<GoogleReader> {
		readerSeq += 1;
		const sub = `g-sheets-${readerSeq}`;
		google.setAccount({ sub, email: `sheets${readerSeq}@gmail.example`, emailVerified: true });
		const start = await fetch(`${stack.relay.url}/auth/google`, { redirect: 'manual' });
		const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
		const done = await fetch(consent.headers.get('location')!, {
			redirect: 'manual',
			headers: { cookie: cookiesOf(start) }
		});
		const cookie = sessionCookieFrom(done.headers)!;
		expect(cookie).toBeDefined();
		return { sub, cookie, client: makeClient(stack.relay.url, { cookie: () => cookie, seen }) };
	}

	/** The Sheets consent: /auth/google/sheets → Google → callback → back to the book. */
	async function connect(reader: { cookie: string }, back = '/book/abc') {
		const start = await fetch(
			`${stack.relay.url}/auth/google/sheets?return=${encodeURIComponent(back)}`,
			{ redirect: 'manual', headers: { cookie: reader.cookie } }
		);
		expect(start.status).toBe(302);
		const to = new URL(start.headers.get('location')!);
		if (!to.href.startsWith(google.url)) return { start, authorize: to, done: start };
		const consent = await fetch(to, { redirect: 'manual' });
		const done = await fetch(consent.headers.get('location')!, {
			redirect: 'manual',
			headers: { cookie: cookiesOf(start, reader.cookie) }
		});
		seen.push({ status: done.status, headers: done.headers, body: await done.text() });
		return { start, authorize: to, done };
	}

	function storedRow(sub: string) {
		return stack.db
			.selectFrom('google_tokens')
			.selectAll()
			.where('google_sub', '=', sub)
			.executeTakeFirst();
	}

	/** A book's table with everything that tends to break: formulas, dialogue, accents, tabs, quotes. */
	function bookTable(rows: number, tag = ''): string[][] {
		const table = [['#', 'Page', 'Source', 'Short sentence']];
		const tricky = [
			'=HYPERLINK("http://evil.example")',
			'— Oui, dit-elle.',
			'-Non !',
			'+33 1 23',
			'@home',
			'Élève « naïf »\tà l’œuvre\nsur deux lignes',
			"L'été, \"il\" dit 'non'"
		];
		for (let i = 1; i <= rows; i++) {
			table.push([
				String(i),
				String(Math.ceil(i / 30)),
				`${tag}Phrase source numéro ${i}, assez longue pour compter.`,
				tricky[i % tricky.length]
			]);
		}
		return table;
	}

	describe('Send to Google Sheets, against mock Google and mock Sheets', () => {
		it('asks for drive.file at the first export, not at sign-in, incrementally and offline', async () => {
			const before = google.authorizeRequests.length;
			const reader = await googleReader();
			const signIn = google.authorizeRequests[before];
			expect(signIn.scope).toBe('openid email');
			expect(signIn.access_type).toBeUndefined();

			expect(await reader.client.sheets.status.query()).toMatchObject({
				available: true,
				signedIn: true,
				google: true,
				connected: false,
				connectUrl: '/auth/google/sheets'
			});
			const early = await errorOf(
				reader.client.sheets.send.mutate({ title: 'Le Rouge et le Noir', rows: bookTable(3) })
			);
			expect(early.data?.httpStatus).toBe(412);
			expect(early.data).toMatchObject({ kind: 'sheets_connect' });

			const { authorize, done } = await connect(reader, '/book/rouge?tab=results');
			const q = authorize.searchParams;
			expect(q.get('scope')!.split(' ')).toEqual(['openid', 'email', DRIVE_FILE]);
			expect(q.get('include_granted_scopes')).toBe('true');
			expect(q.get('access_type')).toBe('offline');
			expect(q.get('prompt')).toBe('consent');
			expect(q.get('login_hint')).toBe(reader.sub);
			expect(q.get('code_challenge_method')).toBe('S256');
			expect(done.status).toBe(302);
			expect(done.headers.get('location')).toBe('/book/rouge?tab=results&sheets=connected');
			expect((await reader.client.sheets.status.query()).connected).toBe(true);
		});

		it('makes a new spreadsheet per send, with every row, and never overwrites one', async () => {
			const reader = await googleReader();
			await connect(reader);
			const table = bookTable(120);
			const first = await reader.client.sheets.send.mutate({
				title: 'Madame Bovary',
				sheetTitle: "Phrases d'Emma",
				rows: table
			});
			const firstValues = sheets.valuesOf(first.spreadsheetId);
			const second = await reader.client.sheets.send.mutate({
				title: 'Madame Bovary',
				sheetTitle: "Phrases d'Emma",
				rows: bookTable(80, 'v2 ')
			});

			expect(second.spreadsheetId).not.toBe(first.spreadsheetId);
			expect(first.spreadsheetUrl).toBe(`${sheets.url}/spreadsheets/d/${first.spreadsheetId}/edit`);
			expect(first).toMatchObject({ rows: 121, batches: 1 });
			expect(firstValues).toEqual(table);
			// The second send left the first spreadsheet exactly as it was.
			expect(sheets.valuesOf(first.spreadsheetId)).toEqual(table);
			expect(sheets.valuesOf(second.spreadsheetId)).toEqual(bookTable(80, 'v2 '));
			expect(sheets.spreadsheets.get(first.spreadsheetId)).toMatchObject({
				title: 'Madame Bovary',
				sheetTitle: "Phrases d'Emma",
				owner: reader.sub
			});
			expect(sheets.spreadsheets.get(second.spreadsheetId)!.title).toBe('Madame Bovary');
			expect(sheets.overwrites).toBe(0);
			expect(sheets.requests.map((r) => r.kind)).toEqual(['create', 'write', 'create', 'write']);
		});

		it('sends a long book in batches within the request limits', async () => {
			const reader = await googleReader();
			await connect(reader);
			const table = bookTable(25_000);
			const res = await reader.client.sheets.send.mutate({ title: 'Les Misérables', rows: table });
			expect(res).toMatchObject({ rows: 25_001, batches: 3 });
			const writes = sheets.requests.filter((r) => r.kind === 'write');
			expect(writes.map((w) => w.rows)).toEqual([10_000, 10_000, 5_001]);
			for (const w of writes) expect(w.bytes).toBeLessThanOrEqual(2_000_000);
			expect(sheets.valuesOf(res.spreadsheetId)).toEqual(table);

			// Long sentences: the 2 MB budget ends batches long before 10,000 rows.
			const wide = Array.from({ length: 1_200 }, (_, i) => [String(i), 'é'.repeat(3_000)]);
			const big = await reader.client.sheets.send.mutate({ title: 'Wide', rows: wide });
			const bigWrites = sheets.requests.filter(
				(r) => r.kind === 'write' && r.spreadsheetId === big.spreadsheetId
			);
			expect(big.batches).toBeGreaterThanOrEqual(4);
			expect(bigWrites).toHaveLength(big.batches);
			for (const w of bigWrites) expect(w.bytes).toBeLessThanOrEqual(2_000_000);
			expect(sheets.valuesOf(big.spreadsheetId)).toEqual(wide);
			expect(sheets.overwrites).toBe(0);
		});

		it('retries a 429 after its Retry-After, then succeeds', async () => {
			const reader = await googleReader();
			await connect(reader);
			sheets.fail({ status: 429, retryAfter: '1' });
			const t0 = Date.now();
			const res = await reader.client.sheets.send.mutate({
				title: 'Germinal',
				rows: bookTable(10)
			});
			expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
			expect(sheets.requests.map((r) => [r.kind, r.status])).toEqual([
				['create', 429],
				['create', 200],
				['write', 200]
			]);
			expect(sheets.valuesOf(res.spreadsheetId)).toEqual(bookTable(10));
		});

		it('retries a batch that met 503 and 500, and the retried batch lands once', async () => {
			const reader = await googleReader();
			await connect(reader);
			const table = bookTable(15_000);
			sheets.fail({ status: 503, on: 'write' }, { status: 500, on: 'write' });
			const res = await reader.client.sheets.send.mutate({ title: 'Nana', rows: table });
			expect(sheets.requests.map((r) => [r.kind, r.status])).toEqual([
				['create', 200],
				['write', 503],
				['write', 500],
				['write', 200],
				['write', 200]
			]);
			expect(sheets.valuesOf(res.spreadsheetId)).toEqual(table);
			expect(sheets.overwrites).toBe(0);
		});

		it('gives up with a typed error when Google asks to wait longer than the relay will', async () => {
			const reader = await googleReader();
			await connect(reader);
			sheets.fail({ status: 429, retryAfter: '3600' });
			const err = await errorOf(
				reader.client.sheets.send.mutate({ title: 'Bel-Ami', rows: bookTable(2) })
			);
			expect(err.data?.httpStatus).toBe(429);
			expect(err.data).toMatchObject({ kind: 'sheets_google', retryAfterMs: 3_600_000 });
			expect(sheets.requests).toHaveLength(1);
			expect((await reader.client.sheets.status.query()).connected).toBe(true);
		});

		it('keeps the refresh token sealed in the database, never in plaintext', async () => {
			const reader = await googleReader();
			await connect(reader);
			const row = (await storedRow(reader.sub))!;
			const refresh = google.liveRefreshTokens(reader.sub);
			expect(refresh).toHaveLength(1);
			expect(row.refresh_token_sealed).toMatch(/^v1\./);
			expect(row.refresh_token_sealed).not.toContain(refresh[0]);
			expect(row.scopes.split(' ')).toContain(DRIVE_FILE);
			// It is the real token, sealed with the relay's key and bound to its owner.
			const cipher = createTokenCipher(decodeTokenKey(KEY)!);
			expect(cipher.open(row.refresh_token_sealed, row.user_id)).toBe(refresh[0]);
			expect(() => cipher.open(row.refresh_token_sealed, 'another-user')).toThrow();
			const issued = [...google.issuedRefreshTokens, ...google.issuedAccessTokens];
			expect(issued.length).toBeGreaterThan(0);
			if (stack.backend !== 'sqlite') {
				// Nowhere in any stored column either.
				const { rows } = await sql<{
					row: string;
				}>`select t::text as row from google_tokens t`.execute(stack.db);
				for (const t of issued) expect(rows.some((r) => r.row.includes(t))).toBe(false);
				return;
			}
			// Nowhere in the database files either (WAL included).
			for (const file of ['relay.sqlite', 'relay.sqlite-wal']) {
				let bytes: Buffer;
				try {
					bytes = readFileSync(join(stack.dataDir, file));
				} catch {
					continue;
				}
				for (const t of google.issuedRefreshTokens) expect(bytes.includes(t)).toBe(false);
				for (const t of google.issuedAccessTokens) expect(bytes.includes(t)).toBe(false);
			}
		});

		it('asks again when the reader revoked access at Google, and deletes the stored token', async () => {
			const reader = await googleReader();
			await connect(reader);
			await reader.client.sheets.send.mutate({ title: 'Candide', rows: bookTable(3) });
			google.revokeGrant(reader.sub);

			const err = await errorOf(
				reader.client.sheets.send.mutate({ title: 'Candide', rows: bookTable(3) })
			);
			expect(err.data?.httpStatus).toBe(412);
			expect(err.data).toMatchObject({ kind: 'sheets_reconnect' });
			expect(err.message).toMatch(/Connect Google Sheets again/);
			expect(await storedRow(reader.sub)).toBeUndefined();
			expect((await reader.client.sheets.status.query()).connected).toBe(false);

			// Connecting again forces consent (no refresh token is held) and sends work again.
			const again = await connect(reader);
			expect(again.authorize.searchParams.get('prompt')).toBe('consent');
			const res = await reader.client.sheets.send.mutate({ title: 'Candide', rows: bookTable(3) });
			expect(sheets.valuesOf(res.spreadsheetId)).toEqual(bookTable(3));
		});

		it('treats a 401 from Sheets on a fresh token as a dead grant', async () => {
			const reader = await googleReader();
			await connect(reader);
			const refreshes = google.refreshes;
			sheets.fail({ status: 401 }, { status: 401 });
			const err = await errorOf(
				reader.client.sheets.send.mutate({ title: 'Zadig', rows: bookTable(3) })
			);
			expect(err.data).toMatchObject({ kind: 'sheets_reconnect' });
			// The first 401 may be a lapsed access token: one refresh, then the verdict.
			expect(google.refreshes).toBe(refreshes + 1);
			expect(await storedRow(reader.sub)).toBeUndefined();
		});

		it('disconnects: revokes at Google and deletes the row', async () => {
			const reader = await googleReader();
			await connect(reader);
			const [refresh] = google.liveRefreshTokens(reader.sub);
			expect(await reader.client.sheets.disconnect.mutate()).toEqual({
				hadGrant: true,
				revoked: true
			});
			expect(google.revocations).toContain(refresh);
			expect(google.liveRefreshTokens(reader.sub)).toEqual([]);
			expect(await storedRow(reader.sub)).toBeUndefined();
			expect((await reader.client.sheets.status.query()).connected).toBe(false);
		});

		it('forgets the grant when the reader signs out everywhere', async () => {
			const reader = await googleReader();
			await connect(reader);
			expect(await storedRow(reader.sub)).toBeDefined();
			const [refresh] = google.liveRefreshTokens(reader.sub);
			await reader.client.auth.signOutEverywhere.mutate();
			expect(await storedRow(reader.sub)).toBeUndefined();
			expect(google.revocations).toContain(refresh);
			expect(await reader.client.auth.me.query()).toBeNull();
		});

		it('refuses a reader who is not signed in with Google, clearly', async () => {
			const user = await signUp(stack.relay.url, { seen });
			expect(await user.client.sheets.status.query()).toMatchObject({
				available: true,
				signedIn: true,
				google: false,
				connected: false,
				signInUrl: '/auth/google'
			});
			const err = await errorOf(user.client.sheets.send.mutate({ title: 'X', rows: [['a']] }));
			expect(err.data?.httpStatus).toBe(403);
			expect(err.data).toMatchObject({ kind: 'sheets_not_google' });
			expect(err.message).toMatch(/signed in with Google/);
			const start = await fetch(`${stack.relay.url}/auth/google/sheets?return=/book/x`, {
				redirect: 'manual',
				headers: { cookie: user.cookie }
			});
			expect(start.headers.get('location')).toBe('/book/x?sheets_error=not_google');

			const anon = makeClient(stack.relay.url, { seen });
			expect(await anon.sheets.status.query()).toMatchObject({ signedIn: false, google: false });
			expect(
				(await errorOf(anon.sheets.send.mutate({ title: 'X', rows: [['a']] }))).data?.httpStatus
			).toBe(401);
			const anonStart = await fetch(
				`${stack.relay.url}/auth/google/sheets?return=//evil.example/x`,
				{
					redirect: 'manual'
				}
			);
			expect(anonStart.headers.get('location')).toBe('/?sheets_error=signin');
		});

		it('refuses consent given from another Google account, or without the Drive box ticked', async () => {
			const reader = await googleReader();
			google.setAccount({ sub: 'someone-else', email: 'else@gmail.example', emailVerified: true });
			const other = await connect(reader);
			expect(other.done.headers.get('location')).toBe('/book/abc?sheets_error=other_account');
			expect(await storedRow(reader.sub)).toBeUndefined();

			google.setAccount({ sub: reader.sub, email: 'whatever@gmail.example', emailVerified: true });
			google.setDeclined([DRIVE_FILE]);
			try {
				const unticked = await connect(reader);
				expect(unticked.done.headers.get('location')).toBe('/book/abc?sheets_error=scope');
			} finally {
				google.setDeclined([]);
			}
			expect((await reader.client.sheets.status.query()).connected).toBe(false);
		});
	});

	describe('without TOKEN_ENCRYPTION_KEY', () => {
		it('turns the export off and says why, and refuses a malformed key at boot', async () => {
			const bare = await startTestStack(
				{
					GOOGLE_CLIENT_ID: client.id,
					GOOGLE_CLIENT_SECRET: client.secret,
					GOOGLE_AUTH_BASE_URL: google.url
				},
				{ backend }
			);
			try {
				const user = await signUp(bare.relay.url, { seen });
				expect(await user.client.sheets.status.query()).toMatchObject({
					available: false,
					reason: 'no_key'
				});
				const err = await errorOf(user.client.sheets.send.mutate({ title: 'X', rows: [['a']] }));
				expect(err.data).toMatchObject({ kind: 'sheets_unavailable' });
				expect(err.message).toMatch(/TOKEN_ENCRYPTION_KEY/);
			} finally {
				await bare.close();
			}
			expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(
				/TOKEN_ENCRYPTION_KEY/
			);
		});
	});
});
