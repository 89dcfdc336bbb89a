import { splitMechanically } from '../text/mechanical-split.ts';
import type { ChunkItem, ItemResult } from './types.ts';

/** Mechanical mode for one chunk: split each long sentence at clause boundaries, offline. */
export function rewriteMechanically(items: readonly ChunkItem[], limit: number): ItemResult[] {
	return items.map((it) => ({
		i: it.i,
		sentences: splitMechanically(it.text, limit),
		source: 'mechanical'
	}));
}
