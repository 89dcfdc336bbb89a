import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createGoogleAuth } from './auth/google-oauth.ts';
import { createSessionStore } from './auth/sessions.ts';
import { createUserStore } from './auth/users.ts';
import type { RelayDeps } from './context.ts';
import { ChunkHolds } from './credits/chunk-holds.ts';
import { createCredits, creditRulesFrom } from './credits/credits.ts';
import { databaseLocation, openDatabase } from './db/database.ts';
import type { RelayConfig } from './env.ts';
import { createGeminiClient } from './gemini/gemini-client.ts';
import { createRelayServer } from './http-server.ts';
import { createSharedState } from './cluster/shared-state.ts';
import { createRateLimits } from './limits/rate-limits.ts';
import { createRelayMetrics } from './metrics/relay-metrics.ts';
import { createSheetsService } from './sheets/sheets-service.ts';

/** A running relay. */
export interface Relay {
	url: string;
	server: http.Server;
	/** The wiring behind the server, for tests and the admin CLI. */
	deps: RelayDeps;
	/** Stops listening; calls in flight get `drainMs` to finish before their sockets are cut. */
	close(options?: { drainMs?: number }): Promise<void>;
}

/** Options for tests. */
export interface RelayOptions {
	/** The clock of sessions and credits (default Date.now). */
	now?: () => number;
}

/** Lapsed reservations are released on the owner's next call, and by this sweep for everyone else. */
const SWEEP_MS = 10 * 60_000;

/** Opens the database and builds everything the procedures use, without listening. */
export async function createRelayDeps(
	config: RelayConfig,
	options: RelayOptions = {}
): Promise<RelayDeps> {
	const now = options.now ?? Date.now;
	const db = await openDatabase(databaseLocation(config));
	// The metrics read the gate, and the gate reports waits to them: the closure breaks the cycle.
	const shared = await createSharedState(config, db, (ms) => metrics.queueWait(ms));
	const { cache, gate } = shared;
	const limits = await createRateLimits({
		...config.rateLimits,
		redis: shared.redis?.client,
		signUpsPerIpPerHour: config.auth.signUpsPerIpPerHour,
		signInFailuresPer15Min: config.auth.signInFailuresPer15Min
	});
	const metrics = createRelayMetrics(gate);
	const credits = createCredits(db, {
		...creditRulesFrom(config),
		now,
		onJobStart: (userId) => limits.jobStart(userId)
	});
	return {
		config,
		gemini: config.gemini ? createGeminiClient(config.gemini) : undefined,
		cache,
		db,
		users: createUserStore(db, now),
		sessions: createSessionStore(db, { ttlMs: config.auth.sessionTtlMs, now }),
		credits,
		chunkHolds: new ChunkHolds(),
		limits,
		gate,
		chunkFlights: shared.chunkFlights,
		partials: shared.partials,
		cancels: shared.cancels,
		redis: shared.redis,
		closeShared: shared.close,
		metrics,
		sheets: createSheetsService({ config, db, now }),
		now,
		startedAt: Date.now()
	};
}

/** Opens the database, builds the Gemini client when a key is set, and listens. */
export async function startRelay(config: RelayConfig, options: RelayOptions = {}): Promise<Relay> {
	const deps = await createRelayDeps(config, options);
	const google = config.auth.google ? createGoogleAuth(config.auth.google) : undefined;
	const server = createRelayServer(deps, google);
	const sweep = () => {
		void deps.credits.sweep().catch(() => undefined);
		void deps.sessions.prune().catch(() => undefined);
	};
	sweep();
	const sweeper = setInterval(sweep, SWEEP_MS);
	sweeper.unref();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	// Several relays feed one Prometheus: each series says which relay it came from.
	deps.metrics.registry.setDefaultLabels({ relay: config.relayId ?? `${hostname()}:${port}` });
	const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
	return {
		url: `http://${host}:${port}`,
		server,
		deps,
		async close({ drainMs = 0 } = {}) {
			clearInterval(sweeper);
			// Draining lets calls already at Gemini finish and be stored: Gemini bills them anyway,
			// and the browser's retry then gets the stored answer instead of paying twice.
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeIdleConnections();
			const deadline = Date.now() + drainMs;
			const cut = setTimeout(() => server.closeAllConnections(), drainMs);
			await closed;
			clearTimeout(cut);
			// Calls whose browser already left run on (their answers are kept for the retry) until
			// the drain ends; then they stop as they would if the process died.
			while (deps.cancels.running > 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 50));
			deps.cancels.abortAll();
			await deps.limits.close();
			await deps.closeShared?.();
			await deps.db.destroy();
		}
	};
}
