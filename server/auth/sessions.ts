/**
 * Sessions in SQLite, as Lucia's guide designs them, with sliding expiry: a session lives
 * `ttlMs` after it was last extended, and a use in the second half of its life extends it.
 */
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../db/schema.ts';
import { newSessionToken, parseSessionToken, secretMatches } from './session-token.ts';

/** A valid session, without its secret. */
export interface Session {
	id: string;
	userId: string;
	createdAt: number;
	expiresAt: number;
}

/** The signed-in user, as procedures see them. */
export interface SessionUser {
	id: string;
	email: string;
	role: UserRole;
}

/** What checking a token found. `refreshed` means the cookie must be sent again. */
export interface ValidSession {
	session: Session;
	user: SessionUser;
	refreshed: boolean;
}

/** Creates the session store. `now` is injectable so tests can move time. */
export function createSessionStore(
	db: Kysely<Database>,
	opts: { ttlMs: number; now: () => number }
) {
	const { ttlMs, now } = opts;
	return {
		/** Starts a session; the token goes in the cookie and is never stored. */
		async create(userId: string, userAgent?: string): Promise<{ token: string; session: Session }> {
			const { id, token, secretHash } = newSessionToken();
			const createdAt = now();
			const session = { id, userId, createdAt, expiresAt: createdAt + ttlMs };
			await db
				.insertInto('sessions')
				.values({
					id,
					user_id: userId,
					secret_hash: secretHash,
					created_at: createdAt,
					expires_at: session.expiresAt,
					user_agent: userAgent ?? null
				})
				.execute();
			return { token, session };
		},

		/** The session and user behind a token, or undefined when it is unknown, wrong or expired. */
		async validate(token: string): Promise<ValidSession | undefined> {
			const parsed = parseSessionToken(token);
			if (!parsed) return undefined;
			const row = await db
				.selectFrom('sessions')
				.innerJoin('users', 'users.id', 'sessions.user_id')
				.select([
					'sessions.id',
					'sessions.secret_hash',
					'sessions.created_at',
					'sessions.expires_at',
					'users.id as user_id',
					'users.email',
					'users.role'
				])
				.where('sessions.id', '=', parsed.id)
				.executeTakeFirst();
			if (!row || !secretMatches(parsed.secret, row.secret_hash)) return undefined;
			const t = now();
			if (t >= Number(row.expires_at)) {
				await db.deleteFrom('sessions').where('id', '=', row.id).execute();
				return undefined;
			}
			let expiresAt = Number(row.expires_at);
			let refreshed = false;
			if (expiresAt - t < ttlMs / 2) {
				expiresAt = t + ttlMs;
				refreshed = true;
				await db
					.updateTable('sessions')
					.set({ expires_at: expiresAt })
					.where('id', '=', row.id)
					.execute();
			}
			return {
				session: { id: row.id, userId: row.user_id, createdAt: Number(row.created_at), expiresAt },
				user: { id: row.user_id, email: row.email, role: row.role },
				refreshed
			};
		},

		/** Ends one session (sign-out). */
		async invalidate(sessionId: string): Promise<void> {
			await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
		},

		/** Ends every session of a user. */
		async invalidateAll(userId: string): Promise<void> {
			await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
		},

		/** A user's live sessions, newest first. */
		async list(userId: string) {
			const rows = await db
				.selectFrom('sessions')
				.select(['id', 'created_at', 'expires_at', 'user_agent'])
				.where('user_id', '=', userId)
				.where('expires_at', '>', now())
				.orderBy('created_at', 'desc')
				.execute();
			return rows.map((r) => ({
				id: r.id,
				createdAt: Number(r.created_at),
				expiresAt: Number(r.expires_at),
				userAgent: r.user_agent
			}));
		},

		/** Ends one of the user's own sessions; false when they have none by that id. */
		async revoke(userId: string, sessionId: string): Promise<boolean> {
			const res = await db
				.deleteFrom('sessions')
				.where('id', '=', sessionId)
				.where('user_id', '=', userId)
				.executeTakeFirst();
			return Number(res.numDeletedRows) > 0;
		},

		/** Drops expired rows. */
		async prune(): Promise<number> {
			const res = await db
				.deleteFrom('sessions')
				.where('expires_at', '<=', now())
				.executeTakeFirst();
			return Number(res.numDeletedRows);
		}
	};
}

export type SessionStore = ReturnType<typeof createSessionStore>;
