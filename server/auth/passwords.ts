/** Password hashing with argon2id (the @node-rs/argon2 default algorithm). */
import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane (about 25 ms here).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** The PHC string to store for a password. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

let decoy: Promise<string> | undefined;

/**
 * Whether the password matches. With no stored hash (unknown email, Google-only account) a
 * decoy hash is checked anyway, so the answer takes as long and says nothing about the email.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
	if (!stored) {
		decoy ??= hashPassword('decoy password that matches nothing');
		await verify(await decoy, password);
		return false;
	}
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}
