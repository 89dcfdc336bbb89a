/** The two plain HTTP routes of Google sign-in: /auth/google and /auth/google/callback. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { SESSION_COOKIE, parseCookies, serializeCookie } from './cookies.ts';
import type { GoogleAuth } from './google-oauth.ts';
import { requestMetaFrom } from './request-meta.ts';
import type { SessionStore } from './sessions.ts';
import type { UserStore } from './users.ts';

const STATE_COOKIE = 'google_oauth_state';
const VERIFIER_COOKIE = 'google_code_verifier';
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
