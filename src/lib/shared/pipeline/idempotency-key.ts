import type { ChunkItem } from './types.ts';

/** The settings that change a chunk's answer. */
export interface ChunkSettings {
	limit: number;
	tier?: string;
}

/**
 * A key that names one chunk call: the same job, chunk, sentences and settings give the same
 * key, so the relay can answer a repeat from its store instead of asking Gemini again.
 */
export async function idempotencyKey(
	jobId: string,
	chunkIndex: number,
	items: readonly ChunkItem[],
	settings: ChunkSettings
): Promise<string> {
	const payload = JSON.stringify([
		jobId,
		chunkIndex,
		items.map((it) => [it.i, it.text]),
		settings.limit,
		settings.tier ?? ''
	]);
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload));
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
