import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import type { AppRouter } from '../../../server/routers/app.ts';
import type { NormalizeRequest, RelayPort } from '../jobs/job-runner.ts';
import type { ReadPagesRequest } from '../jobs/page-reading.ts';

/**
 * The page's one connection to the relay. Chunk calls go through a non-batching link so
 * that aborting one really stops its HTTP request (a batch stops only when all calls abort).
 * The relay is same-origin, so the session cookie travels with every call; `credentials`
 * says so explicitly for a page served from another origin in development.
 */
export function createRelayClient(baseUrl = '') {
	const url = `${baseUrl}/trpc`;
	const fetchWithCookies: typeof fetch = (input, init) =>
		fetch(input, { ...init, credentials: 'include' });
	return createTRPCClient<AppRouter>({
		links: [
			splitLink({
				condition: (op) => op.path === 'chunks.normalize' || op.path === 'pages.read',
				true: httpLink({ url, fetch: fetchWithCookies }),
				false: httpBatchLink({ url, fetch: fetchWithCookies })
			})
		]
	});
}

export type RelayClient = ReturnType<typeof createRelayClient>;

/** What the relay advertises: whether AI is on, limits and concurrency. */
export type RelayConfigView = Awaited<ReturnType<RelayClient['config']['get']['query']>>;

/** The `kind` a relay error carries in its data, if any. */
export function relayErrorKind(err: unknown): string | undefined {
	if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
	const data = (err as { data: unknown }).data;
	if (typeof data !== 'object' || data === null || !('kind' in data)) return undefined;
	const kind = (data as { kind: unknown }).kind;
	return typeof kind === 'string' ? kind : undefined;
}

/**
 * Adapts the client to the runner's port. A chunk whose job holds no credit reservation
 * (`no_reservation`: the runner did not reserve, or the reservation lapsed after 24 h)
 * reserves for its own sentences and is sent once more; if that reservation is refused
 * (402, 429) the runner sees that refusal and pauses or retries as usual. Once the runner
 * calls `creditsPort.reserve` before its first chunk this is only a safety net.
 */
export function relayPort(client: RelayClient): RelayPort {
	return {
		async normalize(req: NormalizeRequest, signal: AbortSignal) {
			try {
				return await client.chunks.normalize.mutate(req, { signal });
			} catch (err) {
				if (relayErrorKind(err) !== 'no_reservation') throw err;
				await client.jobs.reserve.mutate(
					{ clientJobId: req.clientJobId, items: req.items, settings: req.settings },
					{ signal }
				);
				return client.chunks.normalize.mutate(req, { signal });
			}
		},
		async cancel(clientJobId: string) {
			await client.chunks.cancel.mutate({ clientJobId });
		},
		readPages({ pdf, ...req }: ReadPagesRequest, signal: AbortSignal) {
			return client.pages.read.mutate({ ...req, pdfBase64: toBase64(pdf) }, { signal });
		}
	};
}

/** Base64 of bytes, in slices: spreading a few MB into String.fromCharCode overflows the stack. */
function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let k = 0; k < bytes.length; k += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
	}
	return btoa(binary);
}
