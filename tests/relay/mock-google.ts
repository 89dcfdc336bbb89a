/**
 * A local stand-in for Google's OAuth endpoints: authorize (answers with the redirect a
 * consenting user would get), token (checks the client, the redirect URI and the PKCE
 * verifier against the challenge; trades refresh tokens), revoke, and userinfo.
 *
 * It keeps Google's rules for incremental authorization: include_granted_scopes adds what the
 * account granted before, a refresh token comes with access_type=offline on the first consent
 * or with prompt=consent, and revoking one token of a grant ends the whole grant.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Google account the mock signs in. */
export interface MockGoogleAccount {
	sub: string;
	email: string;
	emailVerified: boolean;
}

/** What an access token stands for. */
export interface MockTokenInfo {
	sub: string;
	scopes: string[];
}

export interface MockGoogle {
	url: string;
	/** Who the next consent signs in. */
	setAccount(account: MockGoogleAccount): void;
	/** Scopes the next consents leave unticked (Google's granular consent). */
	setDeclined(scopes: string[]): void;
	/** What token requests the mock refused, and why. */
	refusals: string[];
	/** The query of every authorize request, in order. */
	authorizeRequests: Record<string, string>[];
	/** Every refresh token the mock issued. */
	issuedRefreshTokens: string[];
	/** Every access token the mock issued. */
	issuedAccessTokens: string[];
	/** Tokens sent to /revoke, in order. */
	revocations: string[];
	/** How many refresh_token grants were asked for. */
	refreshes: number;
	/** The account and scopes behind a live access token. */
	tokenInfo(accessToken: string): MockTokenInfo | undefined;
	/** The reader removes the app at myaccount.google.com: every token of the account dies. */
	revokeGrant(sub: string): void;
	/** Live refresh tokens of an account. */
	liveRefreshTokens(sub: string): string[];
	close(): Promise<void>;
}

interface Code {
	challenge: string;
	redirectUri: string;
	account: MockGoogleAccount;
	scopes: string[];
	offline: boolean;
	consent: boolean;
}

/** Starts the mock on a free port. */
export async function startMockGoogle(client: { id: string; secret: string }): Promise<MockGoogle> {
	let account: MockGoogleAccount = {
		sub: 'google-sub-1',
		email: 'reader@gmail.example',
		emailVerified: true
	};
	let declined: string[] = [];
	const codes = new Map<string, Code>();
	const accessTokens = new Map<string, { account: MockGoogleAccount; scopes: string[] }>();
	const refreshTokens = new Map<string, { account: MockGoogleAccount; scopes: string[] }>();
	/** Scopes each account has granted the app so far. */
	const granted = new Map<string, Set<string>>();
	const refusals: string[] = [];
	const authorizeRequests: Record<string, string>[] = [];
	const issuedRefreshTokens: string[] = [];
	const issuedAccessTokens: string[] = [];
	const revocations: string[] = [];
	let seq = 0;

	const json = (res: http.ServerResponse, status: number, body: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};
	const readForm = (req: http.IncomingMessage) =>
		new Promise<URLSearchParams>((resolve) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => resolve(new URLSearchParams(body)));
		});
	const issueAccess = (who: MockGoogleAccount, scopes: string[]) => {
		const token = `token-${++seq}`;
		accessTokens.set(token, { account: who, scopes });
		issuedAccessTokens.push(token);
		return token;
	};
	const revokeAccount = (sub: string) => {
		for (const map of [accessTokens, refreshTokens]) {
			for (const [t, v] of map) if (v.account.sub === sub) map.delete(t);
		}
		granted.delete(sub);
	};
	const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

	const mock: MockGoogle = {
		url: '',
		setAccount(next) {
			account = next;
		},
		setDeclined(scopes) {
			declined = scopes;
		},
		refusals,
		authorizeRequests,
		issuedRefreshTokens,
		issuedAccessTokens,
		revocations,
		refreshes: 0,
		tokenInfo(token) {
			const t = accessTokens.get(token);
			return t && { sub: t.account.sub, scopes: t.scopes };
		},
		revokeGrant: revokeAccount,
		liveRefreshTokens(sub) {
			return [...refreshTokens].filter(([, v]) => v.account.sub === sub).map(([t]) => t);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};

	async function token(req: http.IncomingMessage, res: http.ServerResponse) {
		const form = await readForm(req);
		if (req.headers.authorization !== basic) {
			refusals.push('client');
			return json(res, 401, { error: 'invalid_client' });
		}
		if (form.get('grant_type') === 'refresh_token') {
			mock.refreshes += 1;
			const grant = refreshTokens.get(form.get('refresh_token') ?? '');
			if (!grant) {
				refusals.push('refresh_token');
				return json(res, 400, {
					error: 'invalid_grant',
					error_description: 'Token has been expired or revoked.'
				});
			}
			return json(res, 200, {
				access_token: issueAccess(grant.account, grant.scopes),
				token_type: 'Bearer',
				expires_in: 3599,
				scope: grant.scopes.join(' ')
			});
		}
		const grant = codes.get(form.get('code') ?? '');
		const verifier = form.get('code_verifier') ?? '';
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		let refusal: string | undefined;
		if (!grant) refusal = 'code';
		else if (grant.redirectUri !== form.get('redirect_uri')) refusal = 'redirect_uri';
		else if (grant.challenge !== challenge) refusal = 'pkce';
		if (refusal || !grant) {
			refusals.push(refusal ?? 'code');
			return json(res, 400, { error: 'invalid_grant' });
		}
		codes.delete(form.get('code') ?? '');
		const hadRefresh = mock.liveRefreshTokens(grant.account.sub).length > 0;
		const body: Record<string, unknown> = {
			access_token: issueAccess(grant.account, grant.scopes),
			token_type: 'Bearer',
			expires_in: 3599,
			scope: grant.scopes.join(' ')
		};
		// Google sends a refresh token on the first offline consent, and again only when forced.
		if (grant.offline && (grant.consent || !hadRefresh)) {
			const refresh = `1//refresh-${++seq}-${createHash('sha256').update(String(seq)).digest('hex')}`;
			refreshTokens.set(refresh, { account: grant.account, scopes: grant.scopes });
			issuedRefreshTokens.push(refresh);
			body.refresh_token = refresh;
		}
		json(res, 200, body);
	}

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://mock.invalid');
		if (req.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') {
			const q = url.searchParams;
			authorizeRequests.push(Object.fromEntries(q));
			if (q.get('client_id') !== client.id || q.get('code_challenge_method') !== 'S256') {
				return json(res, 400, { error: 'invalid_request' });
			}
			const asked = (q.get('scope') ?? '').split(' ').filter((s) => s && !declined.includes(s));
			const before =
				q.get('include_granted_scopes') === 'true' ? (granted.get(account.sub) ?? []) : [];
			const scopes = [...new Set([...before, ...asked])];
			granted.set(account.sub, new Set(scopes));
			const code = `code-${++seq}`;
			codes.set(code, {
				challenge: q.get('code_challenge') ?? '',
				redirectUri: q.get('redirect_uri') ?? '',
				account,
				scopes,
				offline: q.get('access_type') === 'offline',
				consent: q.get('prompt') === 'consent'
			});
			const back = new URL(q.get('redirect_uri') ?? '');
			back.searchParams.set('code', code);
			back.searchParams.set('state', q.get('state') ?? '');
			res.writeHead(302, { location: back.toString() });
			return res.end();
		}
		if (req.method === 'POST' && url.pathname === '/token') {
			void token(req, res);
			return;
		}
		if (req.method === 'POST' && url.pathname === '/revoke') {
			void readForm(req).then((form) => {
				const t = form.get('token') ?? '';
				revocations.push(t);
				const who = refreshTokens.get(t) ?? accessTokens.get(t);
				if (!who) return json(res, 400, { error: 'invalid_token' });
				revokeAccount(who.account.sub);
				json(res, 200, {});
			});
			return;
		}
		if (req.method === 'GET' && url.pathname === '/v1/userinfo') {
			const who = accessTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
			if (!who) return json(res, 401, { error: 'invalid_token' });
			const { account: a } = who;
			return json(res, 200, { sub: a.sub, email: a.email, email_verified: a.emailVerified });
		}
		json(res, 404, { error: 'not_found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return mock;
}
