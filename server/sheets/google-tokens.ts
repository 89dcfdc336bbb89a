/** Readers' Google grants for the Sheets export: refresh tokens sealed at rest, one row per user. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TokenCipher } from './token-cipher.ts';

/** A stored grant, opened. */
export interface StoredGrant {
	googleSub: string;
	refreshToken: string;
	scopes: string[];
}

/** The token store. Without a cipher it stores nothing and finds nothing. */
export function createGoogleTokenStore(
	db: Kysely<Database>,
	cipher: TokenCipher | undefined,
	now: () => number
) {
	return {
		/** The Google subject of a user's account, or null for an email-only account. */
		async googleSubOf(userId: string): Promise<string | null> {
			const row = await db
				.selectFrom('users')
				.select('google_sub')
				.where('id', '=', userId)
				.executeTakeFirst();
			return row?.google_sub ?? null;
		},

		/** Keeps (or replaces) a user's grant, sealed. */
		async save(userId: string, grant: StoredGrant): Promise<void> {
			if (!cipher) throw new Error('no TOKEN_ENCRYPTION_KEY: refusing to store a token');
			const t = now();
			const values = {
				google_sub: grant.googleSub,
				refresh_token_sealed: cipher.seal(grant.refreshToken, userId),
				scopes: grant.scopes.join(' '),
				updated_at: t
			};
			await db
				.insertInto('google_tokens')
				.values({ user_id: userId, created_at: t, ...values })
				.onConflict((oc) => oc.column('user_id').doUpdateSet(values))
				.execute();
		},

		/**
		 * A user's grant, or undefined. A row that no longer opens (the key changed) is as good
		 * as none: it is deleted and the reader is asked again.
		 */
		async load(userId: string): Promise<StoredGrant | undefined> {
			if (!cipher) return undefined;
			const row = await db
				.selectFrom('google_tokens')
				.selectAll()
				.where('user_id', '=', userId)
				.executeTakeFirst();
			if (!row) return undefined;
			try {
				return {
					googleSub: row.google_sub,
					refreshToken: cipher.open(row.refresh_token_sealed, userId),
					scopes: row.scopes.split(' ').filter(Boolean)
				};
			} catch {
				await this.delete(userId);
				return undefined;
			}
		},

		/** Whether a user has a grant stored. */
		async has(userId: string): Promise<boolean> {
			const row = await db
				.selectFrom('google_tokens')
				.select('user_id')
				.where('user_id', '=', userId)
				.executeTakeFirst();
			return row !== undefined;
		},

		/** Forgets a user's grant; true when there was one. */
		async delete(userId: string): Promise<boolean> {
			const res = await db
				.deleteFrom('google_tokens')
				.where('user_id', '=', userId)
				.executeTakeFirst();
			return Number(res.numDeletedRows) > 0;
		}
	};
}

/** The store's type. */
export type GoogleTokenStore = ReturnType<typeof createGoogleTokenStore>;
