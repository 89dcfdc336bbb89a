/**
 * The plain HTTP routes of Google: sign-in (/auth/google), the incremental consent for the
 * Sheets export (/auth/google/sheets), and the one callback both come back to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { SESSION_COOKIE, parseCookies, serializeCookie } from './cookies.ts';
import type { SheetsService } from '../sheets/sheets-service.ts';
import { DRIVE_FILE_SCOPE, type GoogleAuth } from './google-oauth.ts';
import { requestMetaFrom } from './request-meta.ts';
import type { SessionStore } from './sessions.ts';
import type { UserStore } from './users.ts';

const STATE_COOKIE = 'google_oauth_state';
const VERIFIER_COOKIE = 'google_code_verifier';
const SHEETS_STATE_COOKIE = 'google_sheets_state';
const SHEETS_VERIFIER_COOKIE = 'google_sheets_verifier';
const SHEETS_RETURN_COOKIE = 'google_sheets_return';
/** Ten minutes to get through Google's consent screen. */
const FLOW_SECONDS = 600;

/** What the routes need. */
export interface GoogleRouteDeps {
	google: GoogleAuth;
	users: UserStore;
	sessions: SessionStore;
	sessionTtlMs: number;
	/** Told after a sign-in, for logs and metrics; never sees tokens. */
	onSignIn?(outcome: 'ok' | 'refused'): void;
	/** Keeps the grant of the Sheets consent; without it /auth/google/sheets is refused. */
	sheets?: SheetsService;
}

function originOf(req: IncomingMessage, secure: boolean): string {
	return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

function redirect(res: ServerResponse, location: string, cookies: string[]): void {
	res.writeHead(302, { location, 'set-cookie': cookies, 'cache-control': 'no-store' });
	res.end();
}

function sameString(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** GET /auth/google: remember a state and a PKCE verifier, then send the browser to Google. */
export function startGoogleSignIn(
	req: IncomingMessage,
	res: ServerResponse,
	deps: GoogleRouteDeps
) {
	const meta = requestMetaFrom(req);
	const redirectUri = deps.google.redirectUri(originOf(req, meta.secure));
	const { url, state, codeVerifier } = deps.google.start(redirectUri);
	const opts = { maxAge: FLOW_SECONDS, secure: meta.secure };
	redirect(res, url.toString(), [
		serializeCookie(STATE_COOKIE, state, opts),
		serializeCookie(VERIFIER_COOKIE, codeVerifier, opts)
	]);
}

/**
 * GET /auth/google/callback: check the state against its cookie (a forged callback has no
 * matching cookie), trade the code with the verifier, sign the user in, go home. Failures go
 * home too, with `?auth_error=google` for the page to explain.
 */
export async function finishGoogleSignIn(
	req: IncomingMessage,
	res: ServerResponse,
	deps: GoogleRouteDeps
): Promise<void> {
	const meta = requestMetaFrom(req);
	const url = new URL(req.url ?? '/', 'http://relay.invalid');
	const cookies = parseCookies(meta.cookie);
	const clear = [
		serializeCookie(STATE_COOKIE, '', { maxAge: 0, secure: meta.secure }),
		serializeCookie(VERIFIER_COOKIE, '', { maxAge: 0, secure: meta.secure })
	];
	const state = url.searchParams.get('state');
	const code = url.searchParams.get('code');
	const sheetsState = cookies.get(SHEETS_STATE_COOKIE);
	// One registered callback serves both flows; the state says which one this browser started.
	if (state && sheetsState && sameString(state, sheetsState)) {
		return finishSheetsConnect(req, res, deps);
	}
	const storedState = cookies.get(STATE_COOKIE);
	const verifier = cookies.get(VERIFIER_COOKIE);
	if (!state || !code || !storedState || !verifier || !sameString(state, storedState)) {
		deps.onSignIn?.('refused');
		return redirect(res, '/?auth_error=google_state', clear);
	}
	try {
		const redirectUri = deps.google.redirectUri(originOf(req, meta.secure));
		const profile = await deps.google.finish(redirectUri, code, verifier);
		const { user, linkedExisting } = await deps.users.upsertGoogle(profile.sub, profile.email);
		if (linkedExisting) await deps.sessions.invalidateAll(user.id);
		const { token } = await deps.sessions.create(user.id, meta.userAgent);
		deps.onSignIn?.('ok');
		redirect(res, '/', [
			...clear,
			serializeCookie(SESSION_COOKIE, token, {
				maxAge: deps.sessionTtlMs / 1000,
				secure: meta.secure
			})
		]);
	} catch {
		deps.onSignIn?.('refused');
		redirect(res, '/?auth_error=google', clear);
	}
}

/** A same-site path to come back to: anything else (another host, `//x`, `/\\x`) goes home. */
function safeReturnPath(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
	const url = new URL(raw, 'http://relay.invalid');
	return url.origin === 'http://relay.invalid' ? url.pathname + url.search + url.hash : '/';
}

/** `path` with one query parameter set, keeping its own query and fragment. */
function withParam(path: string, name: string, value: string): string {
	const url = new URL(path, 'http://relay.invalid');
	url.searchParams.delete('sheets');
	url.searchParams.delete('sheets_error');
	url.searchParams.set(name, value);
	return url.pathname + url.search + url.hash;
}

async function signedInUser(req: IncomingMessage, deps: GoogleRouteDeps) {
	const token = parseCookies(requestMetaFrom(req).cookie).get(SESSION_COOKIE);
	return token ? (await deps.sessions.validate(token))?.user : undefined;
}

/**
 * GET /auth/google/sheets?return=/book/…: asks Google for the drive.file scope on top of
 * sign-in's (incremental authorization), at the first export rather than at sign-in. Only a
 * reader signed in with Google may start it; the way back is a path on this site.
 */
export async function startSheetsConnect(
	req: IncomingMessage,
	res: ServerResponse,
	deps: GoogleRouteDeps
): Promise<void> {
	try {
		await sendToSheetsConsent(req, res, deps);
	} catch {
		// The database failed: nothing was started, so go back and let the button say so.
		if (!res.headersSent) redirect(res, '/?sheets_error=google', []);
	}
}

async function sendToSheetsConsent(
	req: IncomingMessage,
	res: ServerResponse,
	deps: GoogleRouteDeps
): Promise<void> {
	const meta = requestMetaFrom(req);
	const back = safeReturnPath(
		new URL(req.url ?? '/', 'http://relay.invalid').searchParams.get('return')
	);
	const user = await signedInUser(req, deps);
	if (!user) return redirect(res, withParam(back, 'sheets_error', 'signin'), []);
	const status = await deps.sheets?.status(user.id);
	if (!deps.sheets || !status?.available) {
		return redirect(res, withParam(back, 'sheets_error', 'unavailable'), []);
	}
	if (!status.google) return redirect(res, withParam(back, 'sheets_error', 'not_google'), []);
	const sub = await deps.sheets.tokens.googleSubOf(user.id);
	const redirectUri = deps.google.redirectUri(originOf(req, meta.secure));
	const { url, state, codeVerifier } = deps.google.startIncremental(
		redirectUri,
		[DRIVE_FILE_SCOPE],
		{
			loginHint: sub ?? user.email,
			consent: await deps.sheets.needsConsent(user.id)
		}
	);
	const opts = { maxAge: FLOW_SECONDS, secure: meta.secure };
	redirect(res, url.toString(), [
		serializeCookie(SHEETS_STATE_COOKIE, state, opts),
		serializeCookie(SHEETS_VERIFIER_COOKIE, codeVerifier, opts),
		serializeCookie(SHEETS_RETURN_COOKIE, back, opts)
	]);
}

/**
 * The callback of the Sheets consent (its state already matched its cookie): trade the code,
 * check the grant belongs to the signed-in reader and holds drive.file, keep it sealed, and
 * go back to the book with `?sheets=connected`, or `?sheets_error=…` for the button to word.
 */
async function finishSheetsConnect(
	req: IncomingMessage,
	res: ServerResponse,
	deps: GoogleRouteDeps
): Promise<void> {
	const meta = requestMetaFrom(req);
	const url = new URL(req.url ?? '/', 'http://relay.invalid');
	const cookies = parseCookies(meta.cookie);
	const clear = [SHEETS_STATE_COOKIE, SHEETS_VERIFIER_COOKIE, SHEETS_RETURN_COOKIE].map((name) =>
		serializeCookie(name, '', { maxAge: 0, secure: meta.secure })
	);
	const back = safeReturnPath(cookies.get(SHEETS_RETURN_COOKIE));
	const fail = (why: string) => redirect(res, withParam(back, 'sheets_error', why), clear);
	const code = url.searchParams.get('code');
	const verifier = cookies.get(SHEETS_VERIFIER_COOKIE);
	// Google sends ?error=access_denied when the reader says no.
	if (!code || !verifier) return fail(url.searchParams.get('error') ? 'denied' : 'google');
	const user = await signedInUser(req, deps);
	if (!user || !deps.sheets) return fail('signin');
	try {
		const redirectUri = deps.google.redirectUri(originOf(req, meta.secure));
		const grant = await deps.google.finishIncremental(redirectUri, code, verifier);
		const outcome = await deps.sheets.saveGrant(user.id, grant);
		if (outcome !== 'ok') return fail(outcome);
		redirect(res, withParam(back, 'sheets', 'connected'), clear);
	} catch {
		fail('google');
	}
}
