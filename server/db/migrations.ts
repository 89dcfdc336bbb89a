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
	},
	'0002_accounts_credits': {
		// Ids are random strings rather than serials so that the DDL and queries need no dialect branch.
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('users')
				.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
				.addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
				.addColumn('password_hash', 'text')
				.addColumn('google_sub', 'varchar(255)', (c) => c.unique())
				.addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('user'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('sessions')
				.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
				.addColumn('user_id', 'varchar(32)', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('expires_at', 'bigint', (c) => c.notNull())
				.addColumn('user_agent', 'varchar(512)')
				.execute();
			await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
			await db.schema
				.createTable('credit_jobs')
				.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
				.addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id'))
				.addColumn('client_job_id', 'varchar(64)', (c) => c.notNull())
				.addColumn('tier', 'varchar(32)', (c) => c.notNull())
				.addColumn('status', 'varchar(16)', (c) => c.notNull())
				.addColumn('estimate', 'bigint', (c) => c.notNull())
				.addColumn('items', 'integer', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addColumn('expires_at', 'bigint', (c) => c.notNull())
				.addColumn('closed_at', 'bigint')
				.addUniqueConstraint('credit_jobs_user_client_job', ['user_id', 'client_job_id'])
				.execute();
			await db.schema
				.createIndex('credit_jobs_status_expires')
				.on('credit_jobs')
				.columns(['status', 'expires_at'])
				.execute();
			await db.schema
				.createIndex('credit_jobs_created_at')
				.on('credit_jobs')
				.column('created_at')
				.execute();
			await db.schema
				.createTable('credit_ledger')
				.addColumn('id', 'varchar(32)', (c) => c.primaryKey())
				.addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id'))
				.addColumn('job_id', 'varchar(32)', (c) => c.references('credit_jobs.id'))
				.addColumn('reason', 'varchar(16)', (c) => c.notNull())
				.addColumn('amount', 'bigint', (c) => c.notNull())
				.addColumn('tokens', 'bigint')
				.addColumn('settle_key', 'varchar(128)', (c) => c.unique())
				.addColumn('grant_period', 'varchar(7)')
				.addColumn('note', 'varchar(512)')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('credit_ledger_user')
				.on('credit_ledger')
				.columns(['user_id', 'created_at'])
				.execute();
			await db.schema
				.createIndex('credit_ledger_job')
				.on('credit_ledger')
				.column('job_id')
				.execute();
			// NULLs never collide in a unique index (SQLite and Postgres alike): only grants carry a period.
			await db.schema
				.createIndex('credit_ledger_monthly_grant')
				.on('credit_ledger')
				.columns(['user_id', 'grant_period'])
				.unique()
				.execute();
		}
	},
	'0003_google_tokens': {
		// One Google grant per user, for the Sheets export; gone with the user.
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('google_tokens')
				.addColumn('user_id', 'varchar(32)', (c) =>
					c.primaryKey().references('users.id').onDelete('cascade')
				)
				.addColumn('google_sub', 'varchar(255)', (c) => c.notNull())
				.addColumn('refresh_token_sealed', 'text', (c) => c.notNull())
				.addColumn('scopes', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
		}
	},
	'0004_running_totals': {
		// The balance and a job's totals were sums over the ledger on every credit operation,
		// so each chunk call cost more as a reader's ledger grew. They are now kept beside it,
		// in the same transaction as each row (appendEntry); the ledger stays the record.
		async up(db: Kysely<unknown>) {
			await db.schema
				.alterTable('users')
				.addColumn('balance_mc', 'bigint', (c) => c.notNull().defaultTo(0))
				.execute();
			for (const column of ['reserved_mc', 'settled_mc', 'released_mc', 'tokens', 'settles']) {
				await db.schema
					.alterTable('credit_jobs')
					.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
					.execute();
			}
			await sql`update users set balance_mc = coalesce((
				select sum(case when reason = 'reserve' then -amount when reason = 'settle' then 0
					else amount end)
				from credit_ledger l where l.user_id = users.id), 0)`.execute(db);
			const jobSum = (expr: string, reason: string) =>
				sql.raw(`coalesce((select sum(${expr}) from credit_ledger l
					where l.job_id = credit_jobs.id and l.reason = '${reason}'), 0)`);
			await sql`update credit_jobs set
				reserved_mc = ${jobSum('amount', 'reserve')},
				settled_mc = ${jobSum('amount', 'settle')},
				released_mc = ${jobSum('amount', 'release')},
				tokens = ${jobSum('coalesce(tokens, 0)', 'settle')},
				settles = ${jobSum('1', 'settle')}`.execute(db);
		}
	}
};
