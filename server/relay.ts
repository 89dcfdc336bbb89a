import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createChunkResultCache } from './db/chunk-result-cache.ts';
import { openDatabase } from './db/database.ts';
import type { RelayConfig } from './env.ts';
import { createGeminiClient } from './gemini/gemini-client.ts';
import { createRelayServer } from './http-server.ts';
import type { NormalizedChunk } from './routers/chunks.ts';

/** A running relay. */
export interface Relay {
	url: string;
	server: http.Server;
	close(): Promise<void>;
}

/** Opens the database, builds the Gemini client when a key is set, and listens. */
export async function startRelay(config: RelayConfig): Promise<Relay> {
	const db = await openDatabase(join(config.dataDir, 'relay.sqlite'));
	const cache = createChunkResultCache<NormalizedChunk>(db, config.idempotencyTtlMs);
	await cache.prune();
	const gemini = config.gemini ? createGeminiClient(config.gemini) : undefined;
	const server = createRelayServer({ config, gemini, cache });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
	return {
		url: `http://${host}:${port}`,
		server,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await db.destroy();
		}
	};
}
