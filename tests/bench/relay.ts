import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { loadConfig } from '../../server/env.ts';
import { startMockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { startRelay } from '../../server/relay.ts';
import type { AppRouter } from '../../server/routers/app.ts';

const TEXT =
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres avec toute sa maison et ses gens.";

/** Relay overhead per chunk call (mock Gemini at zero latency) and throughput at 8 in flight. */
export async function benchRelay() {
	const mock = await startMockGemini({ port: 0 });
	const dir = mkdtempSync(join(tmpdir(), 'fnt-bench-'));
	const relay = await startRelay(
		loadConfig({ PORT: '0', DATA_DIR: dir, GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: mock.url })
	);
	const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${relay.url}/trpc` })] });
	let n = 0;
	const call = () => {
		n += 1;
		const items = Array.from({ length: 25 }, (_, i) => ({ i, text: `${TEXT} (${n}-${i})` }));
		return client.chunks.normalize.mutate({
			clientJobId: 'bench',
			chunkIndex: n,
			idempotencyKey: `bench-${n}-${Date.now()}-xxxxxxxx`,
			items,
			settings: { limit: 8 }
		});
	};
	try {
		for (let k = 0; k < 20; k++) await call();
		const t0 = performance.now();
		const serial = 100;
		for (let k = 0; k < serial; k++) await call();
		const perCall = (performance.now() - t0) / serial;
		const t1 = performance.now();
		const parallel = 200;
		let next = 0;
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (next++ < parallel) await call();
			})
		);
		const rate = parallel / ((performance.now() - t1) / 1000);
		console.log(
			`relay: ${perCall.toFixed(1)} ms per 25-item chunk call end to end (relay + SDK + mock), serial`
		);
		console.log(`relay: ${rate.toFixed(0)} chunk calls/s with 8 in flight`);
	} finally {
		await relay.close();
		await mock.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
