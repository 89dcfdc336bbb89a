/**
 * A local stand-in for Google's OAuth endpoints: authorize (answers with the redirect a
 * consenting user would get), token (checks the client, the redirect URI and the PKCE
 * verifier against the challenge) and userinfo.
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

export interface MockGoogle {
	url: string;
	/** Who the next consent signs in. */
	setAccount(account: MockGoogleAccount): void;
	/** What token requests the mock refused, and why. */
	refusals: string[];
	close(): Promise<void>;
}

/** Starts the mock on a free port. */
export async function startMockGoogle(client: { id: string; secret: string }): Promise<MockGoogle> {
	let account: MockGoogleAccount = {
		sub: 'google-sub-1',
		email: 'reader@gmail.example',
		emailVerified: true
	};
	const codes = new Map<
		string,
		{ challenge: string; redirectUri: string; account: MockGoogleAccount }
	>();
	const tokens = new Map<string, MockGoogleAccount>();
	const refusals: string[] = [];
	let seq = 0;

	const json = (res: http.ServerResponse, status: number, body: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://mock.invalid');
		if (req.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') {
			const q = url.searchParams;
			if (q.get('client_id') !== client.id || q.get('code_challenge_method') !== 'S256') {
				return json(res, 400, { error: 'invalid_request' });
			}
			const code = `code-${++seq}`;
			codes.set(code, {
				challenge: q.get('code_challenge') ?? '',
				redirectUri: q.get('redirect_uri') ?? '',
				account
			});
			const back = new URL(q.get('redirect_uri') ?? '');
			back.searchParams.set('code', code);
			back.searchParams.set('state', q.get('state') ?? '');
			res.writeHead(302, { location: back.toString() });
			return res.end();
		}
		if (req.method === 'POST' && url.pathname === '/token') {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				const form = new URLSearchParams(body);
				const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
				const grant = codes.get(form.get('code') ?? '');
				const verifier = form.get('code_verifier') ?? '';
				const challenge = createHash('sha256').update(verifier).digest('base64url');
				let refusal: string | undefined;
				if (req.headers.authorization !== `Basic ${basic}`) refusal = 'client';
				else if (!grant) refusal = 'code';
				else if (grant.redirectUri !== form.get('redirect_uri')) refusal = 'redirect_uri';
				else if (grant.challenge !== challenge) refusal = 'pkce';
				if (refusal || !grant) {
					refusals.push(refusal ?? 'code');
					return json(res, 400, { error: 'invalid_grant' });
				}
				codes.delete(form.get('code') ?? '');
				const token = `token-${++seq}`;
				tokens.set(token, grant.account);
				json(res, 200, {
					access_token: token,
					token_type: 'Bearer',
					expires_in: 3600,
					scope: 'openid email'
				});
			});
			return;
		}
		if (req.method === 'GET' && url.pathname === '/v1/userinfo') {
			const who = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
			if (!who) return json(res, 401, { error: 'invalid_token' });
			return json(res, 200, { sub: who.sub, email: who.email, email_verified: who.emailVerified });
		}
		json(res, 404, { error: 'not_found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		setAccount(next) {
			account = next;
		},
		refusals,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
