import type { Generated } from 'kysely';

/** A finished chunk result, kept so that a repeated call gets it without a new Gemini request. */
export interface ChunkResultTable {
	idempotency_key: string;
	client_job_id: string;
	chunk_index: number;
	result_json: string;
	created_at: number;
}

export interface MetaTable {
	key: string;
	value: string;
	updated_at: Generated<number>;
}

/** The role that opens admin.* procedures and the /admin page. */
export type UserRole = 'user' | 'admin';

/** An account. Email is stored lower-cased; a Google account has no password. */
export interface UserTable {
	id: string;
	email: string;
	password_hash: string | null;
	google_sub: string | null;
	role: UserRole;
	created_at: number;
	/** Touched by every credit transaction: on Postgres that row lock serialises a user's credits. */
	updated_at: number;
	/** The spendable balance in millicredits: the ledger's sum, kept with each row appended. */
	balance_mc: Generated<number>;
}

/** A sign-in. Only the SHA-256 of the token's secret is kept (Lucia's design). */
export interface SessionTable {
	id: string;
	user_id: string;
	secret_hash: string;
	created_at: number;
	expires_at: number;
	user_agent: string | null;
}

/** Where a job's reservation stands. */
export type CreditJobStatus = 'active' | 'closed' | 'expired';

/** One browser job's credit reservation, keyed by the user and the browser's job id. */
export interface CreditJobTable {
	id: string;
	user_id: string;
	client_job_id: string;
	tier: string;
	status: CreditJobStatus;
	/** The relay's latest estimate for the job, in millicredits. */
	estimate: number;
	/** How many long sentences the estimate covered. */
	items: number;
	created_at: number;
	updated_at: number;
	expires_at: number;
	closed_at: number | null;
	/** The job's ledger sums, kept with each row appended (ledger-queries.ts appendEntry). */
	reserved_mc: Generated<number>;
	settled_mc: Generated<number>;
	released_mc: Generated<number>;
	/** Tokens of its settles, and how many settles. */
	tokens: Generated<number>;
	settles: Generated<number>;
}

/** Why a ledger row exists. */
export type LedgerReason = 'grant' | 'reserve' | 'settle' | 'release' | 'adjust';

/**
 * The append-only credit ledger. Amounts are integer millicredits. The spendable balance is
 * grants + releases + adjusts − reserves; a settle turns reserved credits into spent ones
 * and leaves the balance alone.
 */
export interface CreditLedgerTable {
	id: string;
	user_id: string;
	job_id: string | null;
	reason: LedgerReason;
	amount: number;
	/** Gemini tokens behind a settle. */
	tokens: number | null;
	/** A chunk's owned idempotency key on the settle of its successful call: charged once. */
	settle_key: string | null;
	/** `YYYY-MM` on a monthly grant, so that a month is granted once. */
	grant_period: string | null;
	note: string | null;
	created_at: number;
}

/**
 * A reader's Google grant for the Sheets export. The refresh token is sealed with AES-256-GCM
 * (server/sheets/token-cipher.ts); access tokens live in memory only.
 */
export interface GoogleTokenTable {
	user_id: string;
	google_sub: string;
	refresh_token_sealed: string;
	/** Space-separated, as Google granted them. */
	scopes: string;
	created_at: number;
	updated_at: number;
}

/** The relay's tables, as Kysely sees them. */
export interface Database {
	chunk_results: ChunkResultTable;
	meta: MetaTable;
	users: UserTable;
	sessions: SessionTable;
	credit_jobs: CreditJobTable;
	credit_ledger: CreditLedgerTable;
	google_tokens: GoogleTokenTable;
}
