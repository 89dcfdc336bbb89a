/**
 * Google sign-in: OAuth 2 authorization code flow with PKCE and a state, through arctic.
 *
 * arctic's `Google` class is a thin wrapper over its generic `OAuth2Client` with Google's
 * endpoints written into it, so it cannot be pointed at a local mock. We use `OAuth2Client`
 * with the same endpoints, taken from configuration (GOOGLE_AUTH_BASE_URL in tests).
 */
import { CodeChallengeMethod, OAuth2Client, generateCodeVerifier, generateState } from 'arctic';
import { z } from 'zod';

/** Google's endpoints and our client's credentials. */
export interface GoogleAuthConfig {
	clientId: string;
	clientSecret: string;
	redirectUri?: string;
	endpoints: { authorize: string; token: string; userinfo: string };
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
			const res = await fetch(config.endpoints.userinfo, {
				headers: { authorization: `Bearer ${tokens.accessToken()}` },
				signal: AbortSignal.timeout(10_000)
			});
			if (!res.ok) throw new Error(`Google userinfo answered ${res.status}`);
			const info = UserInfo.parse(await res.json());
			// An unverified address proves nothing; linking on it would hand over an account.
			if (info.email_verified !== true) throw new Error('Google has not verified this email');
			return { sub: info.sub, email: info.email };
		}
	};
}

export type GoogleAuth = ReturnType<typeof createGoogleAuth>;
