import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth/session-token.ts';
import { createContextInner } from '../../server/context.ts';
import { appRouter } from '../../server/routers/app.ts';
import { createCallerFactory } from '../../server/trpc.ts';
import { crossSiteProblem } from '../../server/auth/request-meta.ts';
import { startMockGoogle, type MockGoogle } from './mock-google.ts';
import {
	KEY,
	errorOf,
	makeClient,
	relayBackends,
	sessionCookieFrom,
	signUp,
	startTestStack,
	type Captured,
	type TestStack
} from './relay-fixtures.ts';

const DAY = 86_400_000;

describe.each(relayBackends())('on %s', (backend) => {
	let stack: TestStack;
	let clock = Date.UTC(2026, 4, 10);
	const seen: Captured[] = [];

	beforeAll(async () => {
		// The test client stands for a TLS-terminating proxy on loopback, trusted for X-Forwarded-Proto.
		stack = await startTestStack(
			{ SIGN_IN_FAILURES_PER_15_MIN: '3', TRUST_PROXY: 'loopback' },
			{ now: () => clock, backend }
		);
	});
	afterAll(async () => {
		await stack.close();
		expect(seen.length).toBeGreaterThan(10);
		for (const r of seen) expect(r.body + JSON.stringify([...r.headers])).not.toContain(KEY);
	});

	/** A raw POST of a tRPC mutation, with the headers a browser (or an attacker's page) would send. */
	function post(path: string, input: unknown, headers: Record<string, string>) {
		return fetch(`${stack.relay.url}/trpc/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(input)
		});
	}

	describe('email and password', () => {
		it('signs up with a HttpOnly, SameSite=Lax session cookie, Secure only over https', async () => {
			const res = await post(
				'auth.signUp',
				{ email: 'Ada@Example.com', password: 'a long passphrase' },
				{}
			);
			expect(res.status).toBe(200);
			const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='))!;
			expect(cookie).toMatch(/HttpOnly/);
			expect(cookie).toMatch(/SameSite=Lax/);
			expect(cookie).toMatch(/Path=\//);
			expect(cookie).toMatch(/Max-Age=2592000/);
			expect(cookie).not.toMatch(/Secure/);

			const https = await post(
				'auth.signUp',
				{ email: 'grace@example.com', password: 'a long passphrase' },
				{ 'x-forwarded-proto': 'https' }
			);
			expect(https.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(
				/; Secure/
			);

			const me = await makeClient(stack.relay.url, {
				cookie: () => sessionCookieFrom(res.headers),
				seen
			}).auth.me.query();
			expect(me).toMatchObject({ email: 'ada@example.com', role: 'user' });
		});

		it('stores an argon2id hash and only the SHA-256 of the session secret', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const token = decodeURIComponent(user.cookie.slice('session='.length));
			const [id, secret] = token.split('.');
			const row = await stack.db
				.selectFrom('sessions')
				.select('secret_hash')
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(row.secret_hash).toBe(hashSecret(secret));
			const sessions = await stack.db.selectFrom('sessions').selectAll().execute();
			expect(JSON.stringify(sessions)).not.toContain(secret);
			const u = await stack.db
				.selectFrom('users')
				.select('password_hash')
				.where('email', '=', user.email)
				.executeTakeFirstOrThrow();
			expect(u.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		});

		it('refuses a second account for the same email, whatever its case', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const err = await errorOf(
				makeClient(stack.relay.url, { seen }).auth.signUp.mutate({
					email: user.email.toUpperCase(),
					password: 'another passphrase'
				})
			);
			expect(err.data?.httpStatus).toBe(409);
		});

		it('signs in with the right password, and answers a wrong one like an unknown email', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const anon = makeClient(stack.relay.url, { seen });
			const wrong = await errorOf(
				anon.auth.signIn.mutate({ email: user.email, password: 'not the password' })
			);
			const unknown = await errorOf(
				anon.auth.signIn.mutate({ email: 'nobody@example.com', password: 'not the password' })
			);
			expect(wrong.data?.httpStatus).toBe(401);
			expect(unknown.data?.httpStatus).toBe(401);
			expect(wrong.message).toBe(unknown.message);

			const got: Captured[] = [];
			const res = await makeClient(stack.relay.url, { seen: got }).auth.signIn.mutate({
				email: user.email,
				password: user.password
			});
			expect(res.user.email).toBe(user.email);
			const cookie = sessionCookieFrom(got[0].headers);
			expect(cookie).toBeDefined();
			expect(cookie).not.toBe(user.cookie);
		});

		it('locks an email after repeated failed sign-ins, with a Retry-After', async () => {
			const user = await signUp(stack.relay.url, { seen });
			for (let i = 0; i < 3; i++) {
				const res = await post(
					'auth.signIn',
					{ email: user.email, password: 'wrong password' },
					{}
				);
				expect(res.status).toBe(401);
			}
			const locked = await post('auth.signIn', { email: user.email, password: user.password }, {});
			expect(locked.status).toBe(429);
			expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
			const body = (await locked.json()) as {
				error: { data: { kind: string; limit: string; retryAfterMs: number } };
			};
			expect(body.error.data).toMatchObject({ kind: 'relay_limit', limit: 'sign_in' });
			expect(body.error.data.retryAfterMs).toBeGreaterThan(0);
		});

		it('requires a session for everything but health, config and signing in', async () => {
			const anon = makeClient(stack.relay.url, { seen });
			expect((await anon.health.check.query()).ok).toBe(true);
			expect((await anon.config.get.query()).ai.enabled).toBe(true);
			expect(await anon.auth.me.query()).toBeNull();
			expect((await anon.auth.methods.query()).password).toBe(true);
			const calls: (() => Promise<unknown>)[] = [
				() => anon.credits.balance.query(),
				() => anon.credits.ledger.query(),
				() =>
					anon.credits.estimate.mutate({
						items: [{ i: 0, text: 'Une phrase.' }],
						settings: { limit: 8 }
					}),
				() =>
					anon.jobs.reserve.mutate({
						clientJobId: 'j',
						items: [{ i: 0, text: 'Une phrase.' }],
						settings: { limit: 8 }
					}),
				() => anon.jobs.release.mutate({ clientJobId: 'j' }),
				() => anon.jobs.get.query({ clientJobId: 'j' }),
				() => anon.jobs.list.query(),
				() =>
					anon.chunks.normalize.mutate({
						clientJobId: 'j',
						chunkIndex: 0,
						idempotencyKey: 'k'.repeat(20),
						items: [{ i: 0, text: 'Une phrase.' }],
						settings: { limit: 8 }
					}),
				() => anon.auth.signOut.mutate(),
				() => anon.auth.sessions.query(),
				() => anon.auth.revokeSession.mutate({ sessionId: 'x' }),
				() => anon.admin.stats.query(),
				() => anon.admin.users.query(),
				() => anon.admin.jobs.query(),
				() => anon.admin.grant.mutate({ email: 'a@example.com', credits: 5 })
			];
			for (const call of calls) expect((await errorOf(call())).data?.httpStatus).toBe(401);
		});
	});

	describe('sessions', () => {
		it('slides: a use in the second half of its 30 days extends it, an unused one expires', async () => {
			const start = clock;
			const user = await signUp(stack.relay.url, { seen });
			const got: Captured[] = [];
			const client = makeClient(stack.relay.url, { cookie: () => user.cookie, seen: got });

			clock = start + 10 * DAY;
			expect(await client.auth.me.query()).not.toBeNull();
			// More than half its life left: nothing to resend.
			expect(sessionCookieFrom(got.at(-1)!.headers)).toBeUndefined();

			clock = start + 20 * DAY;
			expect(await client.auth.me.query()).not.toBeNull();
			expect(got.at(-1)!.headers.getSetCookie()[0]).toMatch(/Max-Age=2592000/);

			// 49 days after sign-up: alive only because day 20 extended it.
			clock = start + 49 * DAY;
			expect(await client.auth.me.query()).not.toBeNull();

			clock = start + 49 * DAY + 31 * DAY;
			expect(await client.auth.me.query()).toBeNull();
			expect(got.at(-1)!.headers.getSetCookie()[0]).toMatch(/^session=; .*Max-Age=0/);
			expect((await errorOf(client.credits.balance.query())).data?.httpStatus).toBe(401);
			clock = start;
		});

		it('ends a session whose expires_at has passed in the database', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const id = decodeURIComponent(user.cookie.slice('session='.length)).split('.')[0];
			await stack.db
				.updateTable('sessions')
				.set({ expires_at: clock - 1 })
				.where('id', '=', id)
				.execute();
			expect(await user.client.auth.me.query()).toBeNull();
		});

		it('refuses a token with the right id and a wrong secret', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const [id] = decodeURIComponent(user.cookie.slice('session='.length)).split('.');
			const forged = makeClient(stack.relay.url, {
				cookie: () => `session=${id}.${'a'.repeat(32)}`,
				seen
			});
			expect(await forged.auth.me.query()).toBeNull();
			expect(await user.client.auth.me.query()).not.toBeNull();
		});

		it('signs out: the cookie is cleared and the old token no longer works', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const got: Captured[] = [];
			await makeClient(stack.relay.url, {
				cookie: () => user.cookie,
				seen: got
			}).auth.signOut.mutate();
			expect(got[0].headers.getSetCookie()[0]).toMatch(/^session=; .*Max-Age=0/);
			expect(await user.client.auth.me.query()).toBeNull();
		});

		it('lists the user’s sessions and revokes another device', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const got: Captured[] = [];
			await makeClient(stack.relay.url, { seen: got }).auth.signIn.mutate({
				email: user.email,
				password: user.password
			});
			const laptop = makeClient(stack.relay.url, {
				cookie: () => sessionCookieFrom(got[0].headers),
				seen
			});

			const list = await user.client.auth.sessions.query();
			expect(list).toHaveLength(2);
			expect(list.filter((s) => s.current)).toHaveLength(1);
			const other = list.find((s) => !s.current)!;

			const stranger = await signUp(stack.relay.url, { seen });
			expect(
				(await errorOf(stranger.client.auth.revokeSession.mutate({ sessionId: other.id }))).data
					?.httpStatus
			).toBe(404);
			expect(await laptop.auth.me.query()).not.toBeNull();

			await user.client.auth.revokeSession.mutate({ sessionId: other.id });
			expect(await laptop.auth.me.query()).toBeNull();
			expect(await user.client.auth.sessions.query()).toHaveLength(1);
		});
	});

	describe('cross-site requests (CSRF)', () => {
		it('refuses a mutation from another origin or another site, with the victim’s cookie', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const host = new URL(stack.relay.url).host;
			const refused: Record<string, string>[] = [
				{ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
				{ origin: 'http://evil.example' },
				{ 'sec-fetch-site': 'cross-site' },
				{ origin: `http://${host}`, 'sec-fetch-site': 'same-site' },
				{ origin: 'null' }
			];
			for (const headers of refused) {
				const res = await post('auth.signOut', null, { cookie: user.cookie, ...headers });
				expect(res.status, JSON.stringify(headers)).toBe(403);
				expect(await res.text()).toMatch(/Cross-site request refused/);
			}
			// Signing a victim into the attacker's account is refused too (login CSRF).
			const login = await post(
				'auth.signIn',
				{ email: user.email, password: user.password },
				{ origin: 'http://evil.example' }
			);
			expect(login.status).toBe(403);
			expect(await user.client.auth.me.query()).not.toBeNull();
		});

		it('applies the same rules to a direct caller built from createContextInner', async () => {
			const user = await signUp(stack.relay.url, { seen });
			const caller = async (req: Parameters<typeof createContextInner>[1]) =>
				createCallerFactory(appRouter)(await createContextInner(stack.relay.deps, req));
			const forged = await caller({
				cookie: user.cookie,
				origin: 'http://evil.example',
				host: 'relay.example'
			});
			await expect(forged.auth.signOut()).rejects.toMatchObject({ code: 'FORBIDDEN' });
			const own = await caller({
				cookie: user.cookie,
				origin: 'http://relay.example',
				host: 'relay.example'
			});
			expect((await own.auth.me())?.email).toBe(user.email);
			await expect((await caller({})).credits.balance()).rejects.toMatchObject({
				code: 'UNAUTHORIZED'
			});
		});

		it('lets same-origin browsers and header-less clients through', async () => {
			const host = new URL(stack.relay.url).host;
			const allowed: Record<string, string>[] = [
				{ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
				{ origin: `http://${host}` },
				{ 'sec-fetch-site': 'same-origin' },
				{}
			];
			for (const headers of allowed) {
				const user = await signUp(stack.relay.url, { seen });
				const res = await post('auth.signOut', null, { cookie: user.cookie, ...headers });
				expect(res.status, JSON.stringify(headers)).toBe(200);
			}
			expect(crossSiteProblem({ origin: 'https://a.example', host: 'a.example' })).toBeUndefined();
			expect(crossSiteProblem({ origin: 'https://a.example:8443', host: 'a.example' })).toMatch(
				/does not match/
			);
			expect(crossSiteProblem({ secFetchSite: 'none' })).toBeUndefined();
		});
	});

	describe('Google sign-in (arctic, PKCE and state) against a mock Google', () => {
		let google: MockGoogle;
		let g: TestStack;
		const client = { id: 'client-id.apps.example', secret: 'google-client-secret' };

		beforeAll(async () => {
			google = await startMockGoogle(client);
			g = await startTestStack(
				{
					GOOGLE_CLIENT_ID: client.id,
					GOOGLE_CLIENT_SECRET: client.secret,
					GOOGLE_AUTH_BASE_URL: google.url
				},
				{ backend }
			);
		});
		afterAll(async () => {
			await g.close();
			await google.close();
		});

		/** Follows the browser's path: /auth/google, Google's consent, back to the callback. */
		async function flow(tamper?: (callback: URL) => void) {
			const start = await fetch(`${g.relay.url}/auth/google`, { redirect: 'manual' });
			expect(start.status).toBe(302);
			const flowCookies = start.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.join('; ');
			const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
			const callback = new URL(consent.headers.get('location')!);
			tamper?.(callback);
			const done = await fetch(callback, { redirect: 'manual', headers: { cookie: flowCookies } });
			return { start, done, session: sessionCookieFrom(done.headers) };
		}

		it('sends the browser to Google with S256 PKCE, a state, and HttpOnly flow cookies', async () => {
			const start = await fetch(`${g.relay.url}/auth/google`, { redirect: 'manual' });
			const to = new URL(start.headers.get('location')!);
			expect(to.origin + to.pathname).toBe(`${google.url}/o/oauth2/v2/auth`);
			expect(to.searchParams.get('code_challenge_method')).toBe('S256');
			expect(to.searchParams.get('state')).toMatch(/.{20,}/);
			expect(to.searchParams.get('redirect_uri')).toBe(`${g.relay.url}/auth/google/callback`);
			const cookies = start.headers.getSetCookie();
			expect(cookies.some((c) => /^google_oauth_state=.+HttpOnly; SameSite=Lax/.test(c))).toBe(
				true
			);
			expect(cookies.some((c) => /^google_code_verifier=.+HttpOnly; SameSite=Lax/.test(c))).toBe(
				true
			);
			expect((await makeClient(g.relay.url).auth.methods.query()).google).toEqual({
				url: '/auth/google'
			});
		});

		it('signs a Google user in: verified code exchange, a session, home', async () => {
			google.setAccount({ sub: 'g-100', email: 'Marie@Gmail.example', emailVerified: true });
			const { done, session } = await flow();
			expect(done.status).toBe(302);
			expect(done.headers.get('location')).toBe('/');
			expect(session).toBeDefined();
			expect(google.refusals).toEqual([]);
			const me = await makeClient(g.relay.url, { cookie: () => session }).auth.me.query();
			expect(me?.email).toBe('marie@gmail.example');
			// The same Google account signs in to the same user.
			const again = await flow();
			const me2 = await makeClient(g.relay.url, { cookie: () => again.session }).auth.me.query();
			expect(me2?.id).toBe(me?.id);
		});

		it('refuses a callback whose state does not match the cookie', async () => {
			const { done, session } = await flow((cb) => cb.searchParams.set('state', 'forged-state'));
			expect(done.headers.get('location')).toBe('/?auth_error=google_state');
			expect(session).toBeUndefined();
		});

		it('refuses an email Google has not verified', async () => {
			google.setAccount({ sub: 'g-200', email: 'unverified@gmail.example', emailVerified: false });
			const { done, session } = await flow();
			expect(done.headers.get('location')).toBe('/?auth_error=google');
			expect(session).toBeUndefined();
		});

		it('links a password account with the same email and ends its old sessions', async () => {
			const user = await signUp(g.relay.url, { email: 'linked@gmail.example' });
			google.setAccount({ sub: 'g-300', email: 'linked@gmail.example', emailVerified: true });
			const { session } = await flow();
			const me = await makeClient(g.relay.url, { cookie: () => session }).auth.me.query();
			expect(me?.email).toBe('linked@gmail.example');
			expect(await user.client.auth.me.query()).toBeNull();
			const err = await errorOf(
				makeClient(g.relay.url).auth.signIn.mutate({ email: user.email, password: user.password })
			);
			expect(err.data?.httpStatus).toBe(401);
		});

		it('has no Google routes when Google is not configured', async () => {
			const res = await fetch(`${stack.relay.url}/auth/google`, { redirect: 'manual' });
			expect(res.status).toBe(404);
			expect((await makeClient(stack.relay.url).auth.methods.query()).google).toBeNull();
		});
	});
});
