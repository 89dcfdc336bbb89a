/**
 * Session tokens as Lucia's sessions guide designs them: `<id>.<secret>`, both random. The id
 * finds the row; only the SHA-256 of the secret is stored, and it is compared in constant
 * time, so a leaked database or a timing probe does not yield a usable token.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random string of `bytes` bytes of entropy, lower-case base32 (safe in cookies and URLs). */
export function randomId(bytes = 15): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A new token and what the database keeps of it. */
export function newSessionToken(): { id: string; token: string; secretHash: string } {
	const id = randomId(15);
	// 160 bits: far beyond guessing, even with the id known.
	const secret = randomId(20);
	return { id, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Splits a token; undefined when it cannot be one of ours. */
export function parseSessionToken(token: string): { id: string; secret: string } | undefined {
	const m = /^([a-z2-7]{24})\.([a-z2-7]{32})$/.exec(token);
	return m ? { id: m[1], secret: m[2] } : undefined;
}

/** Whether `secret` hashes to `storedHash`, in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
	let stored: Uint8Array;
	try {
		stored = decodeHex(storedHash);
	} catch {
		return false;
	}
	const actual = sha256(new TextEncoder().encode(secret));
	return stored.length === actual.length && constantTimeEqual(actual, stored);
}
