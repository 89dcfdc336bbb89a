import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Schema history, oldest first. Names sort in order; never edit a migration that has shipped.
 * Column types are chosen to mean the same on SQLite and Postgres.
 */
export const migrations: Record<string, Migration> = {
	'0001_chunk_results': {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('chunk_results')
				.addColumn('idempotency_key', 'varchar(128)', (c) => c.primaryKey())
				.addColumn('client_job_id', 'varchar(64)', (c) => c.notNull())
				.addColumn('chunk_index', 'integer', (c) => c.notNull())
				.addColumn('result_json', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('chunk_results_created_at')
				.on('chunk_results')
				.column('created_at')
				.execute();
			await db.schema
				.createTable('meta')
				.addColumn('key', 'varchar(64)', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull().defaultTo(sql`0`))
				.execute();
		}
	}
};
