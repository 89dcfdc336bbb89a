/** Small factories for relay tests: config, signed-in tRPC clients, captured responses. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay, type Relay, type RelayOptions } from '../../server/relay.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { expect, vi } from 'vitest';
import { startPostgres } from '../services/postgres.ts';
import { startRedis } from '../services/redis.ts';

// A file's first Postgres stack starts the test cluster, which on a busy machine takes longer
// than Vitest's default 10 s hook timeout.
vi.setConfig({ hookTimeout: 60_000 });

/** The Gemini key every test relay gets; no response may contain it. */
export const KEY = 'secret-gemini-key-that-must-never-leak';

/** Long French sentences (over 8 words each). */
export const LONG = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars, après avoir longtemps attendu les ordres, marcha enfin vers la frontière avec son armée.'
];

/** Every raw response a fixture client saw: status, headers and body. */
export interface Captured {
	status: number;
	headers: Headers;
	body: string;
}

/** A tRPC client that sends `cookie` (when given) and records every response into `seen`. */
export function makeClient(
	url: string,
	opts: {
		cookie?: () => string | undefined;
		seen?: Captured[];
		headers?: Record<string, string>;
	} = {}
) {
	return createTRPCClient<AppRouter>({
		links: [
			httpLink({
				url: `${url}/trpc`,
				headers: () => {
					const cookie = opts.cookie?.();
					return { ...opts.headers, ...(cookie ? { cookie } : {}) };
				},
				fetch: async (input, init) => {
					const res = await fetch(input, init);
					opts.seen?.push({
						status: res.status,
						headers: res.headers,
						body: await res.clone().text()
					});
					return res;
				}
			})
		]
	});
}

export type Client = ReturnType<typeof makeClient>;

/** The `session=…` pair from a response's Set-Cookie headers, if it sets one. */
export function sessionCookieFrom(headers: Headers): string | undefined {
	for (const c of headers.getSetCookie()) {
		const m = /^session=([^;]*)/.exec(c);
		if (m) return `session=${m[1]}`;
	}
	return undefined;
}

/** A user signed in over HTTP: their client, cookie and email. */
export interface TestUser {
	email: string;
	password: string;
	cookie: string;
	client: Client;
}

let userSeq = 0;

/** Signs a new user up over HTTP and returns a client that carries their session cookie. */
export async function signUp(
	url: string,
	opts: { email?: string; seen?: Captured[] } = {}
): Promise<TestUser> {
	userSeq += 1;
	const email = opts.email ?? `reader-${userSeq}-${Date.now()}@example.com`;
	const password = 'correct horse battery staple';
	const seen: Captured[] = [];
	await makeClient(url, { seen }).auth.signUp.mutate({ email, password });
	opts.seen?.push(...seen);
	const cookie = sessionCookieFrom(seen[0].headers);
	if (!cookie) throw new Error('sign-up set no session cookie');
	const user: TestUser = {
		email,
		password,
		cookie,
		client: makeClient(url, { cookie: () => user.cookie, seen: opts.seen })
	};
	return user;
}

/** The tRPC error a call failed with. */
export async function errorOf(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
	try {
		await p;
	} catch (err) {
		if (err instanceof TRPCClientError) return err as TRPCClientError<AppRouter>;
		throw err;
	}
	throw new Error('expected the call to fail');
}

/**
 * What the relay suite runs on: SQLite alone (the embedded default), Postgres, or Postgres
 * with Redis holding the limits, stored answers and the Gemini gate (the many-relays set-up).
 */
export type RelayBackend = 'sqlite' | 'postgres' | 'postgres+redis';

/** The database engine of `backend`, as /healthz names it. */
export function engineOf(backend: RelayBackend): 'sqlite' | 'postgres' {
	return backend === 'sqlite' ? 'sqlite' : 'postgres';
}

/** What /healthz says of the stores of a healthy relay on `backend`. */
export function healthyStores(backend: RelayBackend) {
	return {
		database: { ok: true, engine: engineOf(backend) },
		...(backend === 'postgres+redis' ? { redis: { ok: true } } : {})
	};
}

/**
 * The databases every relay test that touches one runs against (use with `describe.each`), so
 * that the relay's portability is shown, not claimed. FNT_TEST_BACKENDS=sqlite (or postgres)
 * narrows the list for a quick local run.
 */
export function relayBackends(): RelayBackend[] {
	const all: RelayBackend[] = ['sqlite', 'postgres', 'postgres+redis'];
	const only = process.env.FNT_TEST_BACKENDS?.split(',').map((s) => s.trim());
	return only ? all.filter((b) => only.includes(b)) : all;
}

/** A place for a relay's data: the env that points a relay at it, and how to drop it. */
export interface TestDatabase {
	backend: RelayBackend;
	/** DATA_DIR, DATABASE_URL on Postgres, and REDIS_URL with Redis. */
	env: { DATA_DIR: string; DATABASE_URL?: string; REDIS_URL?: string };
	dataDir: string;
	drop(): Promise<void>;
}

/**
 * A temp data dir; on Postgres, a fresh database in the test cluster; with Redis, a
 * redis-server of its own (so no test sees another's keys).
 */
export async function createTestDatabase(backend: RelayBackend = 'sqlite'): Promise<TestDatabase> {
	const dataDir = mkdtempSync(join(tmpdir(), 'fnt-relay-'));
	const [pg, redis] = await Promise.all([
		backend === 'sqlite' ? undefined : startPostgres(),
		backend === 'postgres+redis' ? startRedis() : undefined
	]);
	return {
		backend,
		env: {
			DATA_DIR: dataDir,
			...(pg ? { DATABASE_URL: pg.url } : {}),
			...(redis ? { REDIS_URL: redis.url } : {})
		},
		dataDir,
		async drop() {
			await Promise.all([pg?.stop(), redis?.stop()]);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * Insertion order of ledger rows, for `order by`. SQLite has rowid. On Postgres a user's
 * transactions are serialised by the user's row lock, so commit time orders them (the test
 * cluster tracks commit timestamps) and ctid orders the rows within one transaction.
 */
export function ledgerOrder(backend: RelayBackend, alias = 'credit_ledger'): RawBuilder<unknown> {
	return engineOf(backend) === 'postgres'
		? sql.raw(`pg_xact_commit_timestamp(${alias}.xmin), ${alias}.ctid`)
		: sql.raw(`${alias}.rowid`);
}

/** A relay (with a mock Gemini) in a temp dir, for one test file. */
export interface TestStack {
	relay: Relay;
	mock: MockGemini;
	dataDir: string;
	backend: RelayBackend;
	/** What points another process (the admin CLI, a second relay) at this relay's data. */
	dbEnv: TestDatabase['env'];
	/** The relay's own database handle, for a test's direct reads and writes. */
	db: Kysely<Database>;
	close(): Promise<void>;
}

/** A relay on port 0 over `data`'s database, Gemini behind `mock`, with `env` over the defaults. */
export function startTestRelay(
	data: Pick<TestDatabase, 'env' | 'dataDir'>,
	mock: MockGemini,
	env: Record<string, string> = {},
	options: RelayOptions = {}
): Promise<Relay> {
	return startRelay(
		loadConfig({
			PORT: '0',
			...data.env,
			STATIC_DIR: join(data.dataDir, 'no-build'),
			GEMINI_API_KEY: KEY,
			GEMINI_BASE_URL: mock.url,
			GEMINI_TIMEOUT_MS: '5000',
			GEMINI_MAX_BACKOFF_MS: '50',
			...env
		}),
		options
	);
}

/** Starts the mock Gemini and a relay on port 0, with `env` over the defaults. */
export async function startTestStack(
	env: Record<string, string> = {},
	options: RelayOptions & { backend?: RelayBackend } = {}
): Promise<TestStack> {
	const { backend = 'sqlite', ...relayOptions } = options;
	const mock = await startMockGemini({ port: 0 });
	const data = await createTestDatabase(backend);
	const relay = await startTestRelay(data, mock, env, relayOptions);
	return {
		relay,
		mock,
		dataDir: data.dataDir,
		backend,
		dbEnv: data.env,
		db: relay.deps.db,
		async close() {
			await relay.close();
			await mock.close();
			await data.drop();
		}
	};
}

let chunkSeq = 0;

/** A chunk call's input for `clientJobId`, with a fresh idempotency key. */
export function chunkInput(
	clientJobId: string,
	items = LONG.map((text, i) => ({ i, text })),
	limit = 8
) {
	chunkSeq += 1;
	return {
		clientJobId,
		chunkIndex: chunkSeq,
		idempotencyKey: `key-${chunkSeq}-${Date.now()}-${'x'.repeat(16)}`,
		items,
		settings: { limit }
	};
}

/** The reserve input covering `items`. */
export function reserveInput(
	clientJobId: string,
	items = LONG.map((text, i) => ({ i, text })),
	limit = 8
) {
	return { clientJobId, items, settings: { limit } };
}

/** Every user's balance and every job's totals, as kept, equal the sums of their ledger rows. */
export async function expectTotalsMatchLedger(db: Kysely<Database>) {
	const { rows: users } = await sql<{ kept: number; summed: number }>`
		select u.balance_mc as kept, coalesce((select sum(case when l.reason = 'reserve' then -l.amount
			when l.reason = 'settle' then 0 else l.amount end)
			from credit_ledger l where l.user_id = u.id), 0) as summed from users u`.execute(db);
	expect(users.length).toBeGreaterThan(0);
	for (const u of users) expect(Number(u.kept)).toBe(Number(u.summed));
	const sum = (expr: string, reason: string) =>
		sql.raw(`coalesce((select sum(${expr}) from credit_ledger l
			where l.job_id = j.id and l.reason = '${reason}'), 0)`);
	const { rows: jobs } = await sql<Record<string, number>>`
		select j.reserved_mc, j.settled_mc, j.released_mc, j.tokens, j.settles,
			${sum('amount', 'reserve')} as reserve_sum, ${sum('amount', 'settle')} as settle_sum,
			${sum('amount', 'release')} as release_sum, ${sum('coalesce(tokens, 0)', 'settle')} as tokens_sum,
			${sum('1', 'settle')} as settles_sum from credit_jobs j`.execute(db);
	for (const j of jobs) {
		expect([j.reserved_mc, j.settled_mc, j.released_mc, j.tokens, j.settles].map(Number)).toEqual(
			[j.reserve_sum, j.settle_sum, j.release_sum, j.tokens_sum, j.settles_sum].map(Number)
		);
	}
}

/** The reader's settle rows, newest first: one per chunk charged. */
export async function settleRows(client: Client) {
	const rows = await client.credits.ledger.query({ limit: 500 });
	return rows.filter((r: { reason: string }) => r.reason === 'settle');
}
