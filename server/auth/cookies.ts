/** Reading and writing the few cookies the relay sets: the session, and Google's state and verifier. */

/** The session cookie's name. */
export const SESSION_COOKIE = 'session';

/** Attributes of a cookie the relay sets. */
export interface CookieOptions {
	/** Seconds; 0 deletes the cookie. */
	maxAge: number;
	/** Only when the request came over https: a Secure cookie is never sent back over http. */
	secure: boolean;
	path?: string;
}

/** The cookies of a request's Cookie header; the first of a repeated name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
	const out = new Map<string, string>();
	if (!header) return out;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = part.slice(0, eq).trim();
		if (out.has(name)) continue;
		const raw = part.slice(eq + 1).trim();
		try {
			out.set(name, decodeURIComponent(raw));
		} catch {
			out.set(name, raw);
		}
	}
	return out;
}

/** A Set-Cookie value: always HttpOnly and SameSite=Lax, so scripts never read it and cross-site posts never carry it. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
	const parts = [
		`${name}=${encodeURIComponent(value)}`,
		`Path=${opts.path ?? '/'}`,
		`Max-Age=${Math.max(0, Math.floor(opts.maxAge))}`,
		'HttpOnly',
		'SameSite=Lax'
	];
	if (opts.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
	if (opts.secure) parts.push('Secure');
	return parts.join('; ');
}
