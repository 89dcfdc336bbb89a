/**
 * Starts Debian's PostgreSQL for tests. One throwaway cluster per test process, reused by every
 * call; each call gets its own fresh database in it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

/** A fresh database for one caller: its URL and how to drop it. */
export interface PostgresService {
	url: string;
	stop(): Promise<void>;
}

interface Cluster {
	/** URL of the cluster's `postgres` maintenance database, for CREATE/DROP DATABASE. */
	adminUrl: string;
	child: ChildProcess;
	dir: string;
}

/** The newest Debian PostgreSQL on this machine (PG_BIN overrides). */
function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
	}
	return join(root, versions[0], 'bin');
}

/** Postgres refuses to run as root: as root we run it as the `postgres` user instead. */
function runAs(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

// Kept on globalThis, not in module scope: Vitest re-evaluates modules for each test file in
// the same worker process, and that must not start a second cluster.
const KEY = Symbol.for('fnt.tests.postgresCluster');
type Holder = { [KEY]?: Promise<Cluster> };
const holder = globalThis as Holder;

/** Stops the cluster now (fast shutdown) and removes its directory; used on process exit. */
function killCluster(cluster: Cluster): void {
	if (cluster.child.exitCode === null) cluster.child.kill('SIGQUIT');
	try {
		rmSync(cluster.dir, { recursive: true, force: true });
	} catch {
		// The watchdog removes it once postgres has gone.
	}
}

/**
 * A detached shell that outlives us: when this process disappears without running its exit
 * handlers (a worker killed by the test runner), it stops postgres and removes the directory.
 */
function startWatchdog(pgPid: number, dir: string): void {
	const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${pgPid} 2>/dev/null; do sleep 1; done; kill -QUIT ${pgPid} 2>/dev/null; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 ${pgPid} 2>/dev/null || break; sleep 0.5; done; kill -KILL ${pgPid} 2>/dev/null; rm -rf '${dir}'`;
	const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
	watchdog.unref();
}

/**
 * A freshly initdb'd data directory, made once per machine and PostgreSQL version and copied
 * for each cluster: initdb takes seconds on a busy machine, a copy a fraction of one. It is
 * built aside and renamed into place, so a concurrent or interrupted run never sees half of it.
 */
function initdbTemplate(bin: string, user: { uid: number; gid: number } | undefined): string {
	const id = `${bin.replace(/\W+/g, '_')}_${process.getuid?.() ?? 0}`;
	const template = join(tmpdir(), `fnt-pg-template-${id}`);
	if (existsSync(join(template, 'PG_VERSION'))) return template;
	const work = mkdtempSync(join(tmpdir(), 'fnt-pg-initdb-'));
	try {
		if (user) chownSync(work, user.uid, user.gid);
		execFileSync(
			join(bin, 'initdb'),
			[
				'-D',
				join(work, 'data'),
				'-U',
				'postgres',
				'--auth=trust',
				'-E',
				'UTF8',
				'--locale=C',
				'--no-sync'
			],
			{ ...user, stdio: 'pipe' }
		);
		try {
			renameSync(join(work, 'data'), template);
		} catch {
			// Another process put its template in place first: use that one.
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	return template;
}

async function startCluster(): Promise<Cluster> {
	const bin = postgresBin();
	const user = runAs();
	const dir = mkdtempSync(join(tmpdir(), 'fnt-pg-'));
	if (user) chownSync(dir, user.uid, user.gid);
	const data = join(dir, 'data');
	execFileSync('cp', ['-a', initdbTemplate(bin, user), data]);

	// A port taken between freePort() and postgres' bind makes postgres exit; try a few ports.
	let lastError: unknown;
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		try {
			return await startServer(bin, data, dir, port, user);
		} catch (error) {
			lastError = error;
		}
	}
	rmSync(dir, { recursive: true, force: true });
	throw lastError;
}

async function startServer(
	bin: string,
	data: string,
	dir: string,
	port: number,
	user: { uid: number; gid: number } | undefined
): Promise<Cluster> {
	// Durability is irrelevant for a throwaway test cluster; speed is not.
	const child = spawn(
		join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dir}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
			// Lets tests order rows by commit (tests/relay/relay-fixtures.ts, ledgerOrder).
			'-c',
			'track_commit_timestamp=on'
		],
		{ ...user, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let stderr = '';
	child.stderr?.on('data', (d) => (stderr += d.toString()));
	child.once('error', (error) => (stderr += String(error)));
	const cluster: Cluster = {
		adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
		child,
		dir
	};

	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`postgres did not start on port ${port}: ${stderr.trim()}`);
		}
		const client = new pg.Client({ connectionString: cluster.adminUrl });
		try {
			await client.connect();
			await client.query('select 1');
			await client.end();
			break;
		} catch (error) {
			await client.end().catch(() => {});
			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				throw new Error(`postgres did not accept connections on port ${port}`, { cause: error });
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}
	if (child.pid) startWatchdog(child.pid, dir);
	process.once('exit', () => killCluster(cluster));
	return cluster;
}

/** Runs one statement on the cluster's maintenance database. */
async function admin(cluster: Cluster, sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: cluster.adminUrl });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

let counter = 0;

/**
 * A fresh, empty database in this process's test cluster (started on first use, stopped when
 * the process exits). stop() drops the database, closing any connection left open to it.
 */
export async function startPostgres(): Promise<PostgresService> {
	if (!holder[KEY]) {
		holder[KEY] = startCluster();
		// A failed start must not poison every later call.
		holder[KEY].catch(() => (holder[KEY] = undefined));
	}
	const cluster = await holder[KEY];
	const name = `fnt_${process.pid}_${Date.now().toString(36)}_${counter++}`;
	await admin(cluster, `create database ${name}`);
	const url = cluster.adminUrl.replace(/\/postgres$/, `/${name}`);
	let dropped = false;
	return {
		url,
		async stop() {
			if (dropped) return;
			dropped = true;
			await admin(cluster, `drop database if exists ${name} with (force)`);
		}
	};
}
