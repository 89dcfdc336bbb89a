/** Accounts: created by email sign-up or by Google, found by email, session or Google subject. */
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../db/schema.ts';
import { randomId } from './session-token.ts';

/** An account without its secrets. */
export interface User {
	id: string;
	email: string;
	role: UserRole;
	createdAt: number;
}

/** Emails are compared lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Creates the user store. */
export function createUserStore(db: Kysely<Database>, now: () => number) {
	const toUser = (r: { id: string; email: string; role: UserRole; created_at: number }): User => ({
		id: r.id,
		email: r.email,
		role: r.role,
		createdAt: Number(r.created_at)
	});
	return {
		/** A new email account, or undefined when the email is taken. */
		async createWithPassword(email: string, passwordHash: string): Promise<User | undefined> {
			const t = now();
			const id = randomId(10);
			const res = await db
				.insertInto('users')
				.values({
					id,
					email: normalizeEmail(email),
					password_hash: passwordHash,
					google_sub: null,
					role: 'user',
					created_at: t,
					updated_at: t
				})
				.onConflict((oc) => oc.column('email').doNothing())
				.executeTakeFirst();
			if (Number(res.numInsertedOrUpdatedRows ?? 0n) === 0) return undefined;
			return { id, email: normalizeEmail(email), role: 'user', createdAt: t };
		},

		/** The account and its password hash, for sign-in. */
		async findForSignIn(email: string) {
			return db
				.selectFrom('users')
				.select(['id', 'email', 'role', 'created_at', 'password_hash'])
				.where('email', '=', normalizeEmail(email))
				.executeTakeFirst();
		},

		/** An account by email. */
		async findByEmail(email: string): Promise<User | undefined> {
			const row = await db
				.selectFrom('users')
				.select(['id', 'email', 'role', 'created_at'])
				.where('email', '=', normalizeEmail(email))
				.executeTakeFirst();
			return row && toUser(row);
		},

		/**
		 * The account for a Google identity whose email Google has verified: the one already
		 * linked to it, else the one with that email (now linked), else a new one.
		 * `linkedExisting` says an email account was taken over: the caller must end its
		 * sessions and drop its password, because sign-up never proved who owns the email
		 * and Google just did.
		 */
		async upsertGoogle(
			sub: string,
			email: string
		): Promise<{ user: User; created: boolean; linkedExisting: boolean }> {
			const linked = await db
				.selectFrom('users')
				.select(['id', 'email', 'role', 'created_at'])
				.where('google_sub', '=', sub)
				.executeTakeFirst();
			if (linked) return { user: toUser(linked), created: false, linkedExisting: false };
			const byEmail = await db
				.selectFrom('users')
				.select(['id', 'email', 'role', 'created_at', 'google_sub'])
				.where('email', '=', normalizeEmail(email))
				.executeTakeFirst();
			const t = now();
			if (byEmail) {
				await db
					.updateTable('users')
					.set({ google_sub: sub, password_hash: null, updated_at: t })
					.where('id', '=', byEmail.id)
					.execute();
				return { user: toUser(byEmail), created: false, linkedExisting: true };
			}
			const id = randomId(10);
			await db
				.insertInto('users')
				.values({
					id,
					email: normalizeEmail(email),
					password_hash: null,
					google_sub: sub,
					role: 'user',
					created_at: t,
					updated_at: t
				})
				.execute();
			return {
				user: { id, email: normalizeEmail(email), role: 'user', createdAt: t },
				created: true,
				linkedExisting: false
			};
		},

		/** Gives or takes the admin role; false when no account has that email. */
		async setRole(email: string, role: UserRole): Promise<boolean> {
			const res = await db
				.updateTable('users')
				.set({ role, updated_at: now() })
				.where('email', '=', normalizeEmail(email))
				.executeTakeFirst();
			return Number(res.numUpdatedRows) > 0;
		}
	};
}

export type UserStore = ReturnType<typeof createUserStore>;
