import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { migrations } from './migrations.ts';
import type { Database } from './schema.ts';

/** Opens (and creates on first start) the embedded SQLite database, migrated to the latest schema. */
export async function openDatabase(file: string): Promise<Kysely<Database>> {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const sqlite = new SQLite(file);
	// WAL lets readers proceed while a chunk result is written.
	sqlite.pragma('journal_mode = WAL');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	await migrate(db);
	return db;
}

async function migrate(db: Kysely<Database>): Promise<void> {
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
