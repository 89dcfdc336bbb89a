import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/app.ts';
import type { NormalizeRequest, RelayPort } from '../jobs/job-runner.ts';

/**
 * The page's one connection to the relay. Chunk calls go through a non-batching link so
 * that aborting one really stops its HTTP request (a batch stops only when all calls abort).
 */
export function createRelayClient(baseUrl = '') {
	const url = `${baseUrl}/trpc`;
	return createTRPCClient<AppRouter>({
		links: [
			splitLink({
				condition: (op) => op.path === 'chunks.normalize',
				true: httpLink({ url }),
				false: httpBatchLink({ url })
			})
		]
	});
}

export type RelayClient = ReturnType<typeof createRelayClient>;

/** What the relay advertises: whether AI is on, limits and concurrency. */
export type RelayConfigView = Awaited<ReturnType<RelayClient['config']['get']['query']>>;

/** Adapts the client to the runner's port. */
export function relayPort(client: RelayClient): RelayPort {
	return {
		normalize: (req: NormalizeRequest, signal: AbortSignal) =>
			client.chunks.normalize.mutate(req, { signal })
	};
}
