import type { ItemResult, Usage } from '../../src/lib/shared/pipeline/types.ts';

/** What `chunks.normalize` stores for a repeat: the items and the tokens they cost. */
export interface NormalizedChunk {
	items: ItemResult[];
	usage: Usage;
}

/** A chunk that ran: its result, what its owner was charged, and their balance after, in millicredits. */
export interface ChunkRun {
	result: NormalizedChunk;
	chargedMc: number;
	balanceMc: number;
}
