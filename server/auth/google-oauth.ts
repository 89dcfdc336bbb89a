/**
 * Google sign-in: OAuth 2 authorization code flow with PKCE and a state, through arctic.
 *
 * arctic's `Google` class is a thin wrapper over its generic `OAuth2Client` with Google's
 * endpoints written into it, so it cannot be pointed at a local mock. We use `OAuth2Client`
 * with the same endpoints, taken from configuration (GOOGLE_AUTH_BASE_URL in tests).
 */
import {
	CodeChallengeMethod,
	OAuth2Client,
	OAuth2RequestError,
	generateCodeVerifier,
	generateState
} from 'arctic';
import { z } from 'zod';

/** Google's endpoints and our client's credentials. */
export interface GoogleAuthConfig {
	clientId: string;
	clientSecret: string;
	redirectUri?: string;
	endpoints: { authorize: string; token: string; userinfo: string; revoke: string };
}

/** The narrowest scope that lets the relay create spreadsheets (and touch only those it made). */
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

/** What Google granted in an incremental consent. */
export interface GoogleGrant {
	profile: GoogleProfile;
	accessToken: string;
	accessTokenExpiresAt: number;
	/** Only with access_type=offline, and reliably only after prompt=consent. */
	refreshToken?: string;
	scopes: string[];
}

/** Google refused a refresh token (invalid_grant): the reader revoked access, or it expired. */
export class GoogleGrantRevoked extends Error {
	constructor() {
		super('Google no longer honours this grant');
		this.name = 'GoogleGrantRevoked';
	}
}

/** Who Google says signed in. */
export interface GoogleProfile {
	sub: string;
	email: string;
}

const UserInfo = z.object({
	sub: z.string().min(1),
	email: z.email(),
	email_verified: z.boolean().optional()
});

/** The OAuth flow, minus HTTP. */
export function createGoogleAuth(config: GoogleAuthConfig) {
	const clientFor = (redirectUri: string) =>
		new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
	return {
		/** The registered callback, or this host's own when none is configured. */
		redirectUri(requestOrigin: string): string {
			return config.redirectUri ?? `${requestOrigin}/auth/google/callback`;
		},
		/** Where to send the browser, and the state and verifier to keep in cookies until it returns. */
		start(redirectUri: string): { url: URL; state: string; codeVerifier: string } {
			const state = generateState();
			const codeVerifier = generateCodeVerifier();
			const url = clientFor(redirectUri).createAuthorizationURLWithPKCE(
				config.endpoints.authorize,
				state,
				CodeChallengeMethod.S256,
				codeVerifier,
				['openid', 'email']
			);
			return { url, state, codeVerifier };
		},
		/** Trades the code for tokens, then asks who signed in. Throws on any failure. */
		async finish(redirectUri: string, code: string, codeVerifier: string): Promise<GoogleProfile> {
			const tokens = await clientFor(redirectUri).validateAuthorizationCode(
				config.endpoints.token,
				code,
				codeVerifier
			);
			return profileOf(tokens.accessToken());
		},

		/**
		 * Incremental authorization: asks for `scopes` on top of what the reader already granted
		 * (include_granted_scopes), offline so that a refresh token comes back. `consent` forces
		 * the consent screen, the only way to be sure of a refresh token when we hold none.
		 */
		startIncremental(
			redirectUri: string,
			scopes: string[],
			opts: { loginHint?: string; consent: boolean }
		): { url: URL; state: string; codeVerifier: string } {
			const state = generateState();
			const codeVerifier = generateCodeVerifier();
			const url = clientFor(redirectUri).createAuthorizationURLWithPKCE(
				config.endpoints.authorize,
				state,
				CodeChallengeMethod.S256,
				codeVerifier,
				['openid', 'email', ...scopes]
			);
			url.searchParams.set('include_granted_scopes', 'true');
			url.searchParams.set('access_type', 'offline');
			if (opts.consent) url.searchParams.set('prompt', 'consent');
			if (opts.loginHint) url.searchParams.set('login_hint', opts.loginHint);
			return { url, state, codeVerifier };
		},

		/** Trades an incremental consent's code for its tokens and the account they belong to. */
		async finishIncremental(
			redirectUri: string,
			code: string,
			codeVerifier: string
		): Promise<GoogleGrant> {
			const tokens = await clientFor(redirectUri).validateAuthorizationCode(
				config.endpoints.token,
				code,
				codeVerifier
			);
			return {
				profile: await profileOf(tokens.accessToken()),
				accessToken: tokens.accessToken(),
				accessTokenExpiresAt: expiresAt(tokens),
				refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : undefined,
				scopes: tokens.hasScopes() ? tokens.scopes() : []
			};
		},

		/** A fresh access token. Throws GoogleGrantRevoked on invalid_grant; other failures as arctic throws them. */
		async refresh(refreshToken: string): Promise<{ accessToken: string; expiresAt: number }> {
			try {
				const tokens = await new OAuth2Client(
					config.clientId,
					config.clientSecret,
					null
				).refreshAccessToken(config.endpoints.token, refreshToken, []);
				return { accessToken: tokens.accessToken(), expiresAt: expiresAt(tokens) };
			} catch (err) {
				if (err instanceof OAuth2RequestError && err.code === 'invalid_grant') {
					throw new GoogleGrantRevoked();
				}
				throw err;
			}
		},

		/** Revokes a token and the grant behind it. An already dead token counts as revoked. */
		async revoke(token: string): Promise<void> {
			try {
				await new OAuth2Client(config.clientId, config.clientSecret, null).revokeToken(
					config.endpoints.revoke,
					token
				);
			} catch (err) {
				if (err instanceof OAuth2RequestError && err.code === 'invalid_token') return;
				throw err;
			}
		}
	};

	async function profileOf(accessToken: string): Promise<GoogleProfile> {
		const res = await fetch(config.endpoints.userinfo, {
			headers: { authorization: `Bearer ${accessToken}` },
			signal: AbortSignal.timeout(10_000)
		});
		if (!res.ok) throw new Error(`Google userinfo answered ${res.status}`);
		const info = UserInfo.parse(await res.json());
		// An unverified address proves nothing; linking on it would hand over an account.
		if (info.email_verified !== true) throw new Error('Google has not verified this email');
		return { sub: info.sub, email: info.email };
	}
}

/** When an access token lapses; an hour when Google does not say (its usual lifetime). */
function expiresAt(tokens: { data: object; accessTokenExpiresAt(): Date }): number {
	return 'expires_in' in tokens.data
		? tokens.accessTokenExpiresAt().getTime()
		: Date.now() + 3_600_000;
}

export type GoogleAuth = ReturnType<typeof createGoogleAuth>;
