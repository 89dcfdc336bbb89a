/**
 * Encryption at rest for Google refresh tokens: AES-256-GCM with a key from the relay's
 * environment. A copy of the database alone gives nothing that works at Google.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Decodes TOKEN_ENCRYPTION_KEY (base64 or base64url); undefined unless it is exactly 32 bytes. */
export function decodeTokenKey(base64: string): Buffer | undefined {
	const key = Buffer.from(
		base64.trim(),
		base64.includes('-') || base64.includes('_') ? 'base64url' : 'base64'
	);
	return key.length === 32 ? key : undefined;
}

/** Seals and opens secrets with one key. */
export interface TokenCipher {
	/** `v1.iv.tag.ciphertext` (base64url), bound to `context` (the owner's id). */
	seal(plaintext: string, context: string): string;
	/** The plaintext, or throws when the blob was altered, moved to another owner or sealed with another key. */
	open(sealed: string, context: string): string;
}

/** A cipher on a 32-byte key. */
export function createTokenCipher(key: Buffer): TokenCipher {
	if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
	return {
		seal(plaintext, context) {
			const iv = randomBytes(IV_BYTES);
			const cipher = createCipheriv('aes-256-gcm', key, iv);
			// The owner's id as associated data: a row copied onto another user fails to open.
			cipher.setAAD(Buffer.from(context));
			const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
			const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
			return [VERSION, ...parts].join('.');
		},
		open(sealed, context) {
			const [version, iv, tag, body] = sealed.split('.');
			if (version !== VERSION || !iv || !tag || body === undefined) {
				throw new Error('not a sealed token');
			}
			const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
			decipher.setAAD(Buffer.from(context));
			decipher.setAuthTag(Buffer.from(tag, 'base64url'));
			return Buffer.concat([
				decipher.update(Buffer.from(body, 'base64url')),
				decipher.final()
			]).toString('utf8');
		}
	};
}
