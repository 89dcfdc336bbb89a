import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	type Migration,
	type SqliteDatabase
} from 'kysely';
import pg from 'pg';
import { migrations } from './migrations.ts';
import type { Database } from './schema.ts';

/** Which engine a relay database runs on. */
export type DatabaseKind = 'sqlite' | 'postgres';

/** Whether `location` names a Postgres server (DATABASE_URL) rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}

/** Where the relay's data lives: DATABASE_URL when set, else relay.sqlite in the data dir. */
export function databaseLocation(config: { dataDir: string; databaseUrl?: string }): string {
	return config.databaseUrl ?? join(config.dataDir, 'relay.sqlite');
}

const kinds = new WeakMap<Kysely<Database>, DatabaseKind>();

/** The engine behind a database opened by openDatabase (SQLite for any other). */
export function databaseKind(db: Kysely<Database>): DatabaseKind {
	return kinds.get(db) ?? 'sqlite';
}

/**
 * Opens the relay's database, migrated to the latest schema: Postgres when `location` is a
 * postgres:// URL, else the embedded SQLite file (created on first start).
 */
export async function openDatabase(location: string): Promise<Kysely<Database>> {
	const kind: DatabaseKind = isPostgresUrl(location) ? 'postgres' : 'sqlite';
	const db = kind === 'postgres' ? openPostgres(location) : openSqlite(location);
	kinds.set(db, kind);
	try {
		await migrate(db);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	return db;
}

function openSqlite(file: string): Kysely<Database> {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const sqlite = new SQLite(file);
	// WAL lets readers proceed while a chunk result is written. synchronous = NORMAL, as SQLite
	// advises with WAL: a commit no longer waits for its own fsync (the WAL is synced at each
	// checkpoint), so the database stays consistent through any crash, and only a power loss
	// can take back the last commits: a settle (the reader keeps those credits) or a stored
	// answer (a retry asks Gemini again). Each chunk call commits several times.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	return new Kysely<Database>({
		dialect: new SqliteDialect({ database: reusingStatements(sqlite) })
	});
}

/** Prepared statements kept per SQL text; queries with varying IN lists could make many. */
const MAX_STATEMENTS = 256;

/**
 * `sqlite` with its prepared statements kept and reused: Kysely prepares every query it runs,
 * and a chunk call runs about twenty, the same ones each time. Reuse is safe because
 * better-sqlite3 runs a statement to the end before it returns (Kysely's streaming, which
 * would hold one open, is not used).
 */
function reusingStatements(sqlite: SQLite.Database): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(text: string) {
			let statement = statements.get(text);
			if (statement) {
				// Most recently used last, so the oldest is the first to go.
				statements.delete(text);
			} else {
				statement = sqlite.prepare(text);
				if (statements.size >= MAX_STATEMENTS) {
					statements.delete(statements.keys().next().value!);
				}
			}
			statements.set(text, statement);
			return statement;
		}
	};
}

// pg returns int8 (our bigint columns, COUNT) and numeric (SUM of a bigint) as strings, to
// keep precision past 2^53. Our values are epoch milliseconds and millicredits, far below
// that, and the code expects numbers as SQLite gives them.
const INT8 = 20;
const NUMERIC = 1700;
const parseNumber = (value: string) => Number(value);
const types = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === INT8 || oid === NUMERIC) return parseNumber;
		return pg.types.getTypeParser(oid, format);
	}
} as pg.CustomTypesConfig;

function openPostgres(url: string): Kysely<Database> {
	const pool = new pg.Pool({
		connectionString: url,
		max: 10,
		types,
		// A database that stops answering fails calls with a retryable error instead of hanging them.
		connectionTimeoutMillis: 5000
	});
	// An idle pooled connection dropped by the server (a restart) emits 'error' on the pool;
	// unhandled, that would crash the relay. The next query opens a fresh connection.
	pool.on('error', () => undefined);
	// So does a connection that drops while checked out between two queries: its error is
	// emitted on the client, and the next query on it fails (a retryable 503) instead.
	pool.on('connect', (client) => client.on('error', () => undefined));
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<Database>): Promise<void> {
	// On Postgres, Kysely's migrator locks its own table, so relays starting together migrate once.
	const migrator = new Migrator({
		db,
		provider: {
			getMigrations: async (): Promise<Record<string, Migration>> => migrations
		}
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
	}
}
