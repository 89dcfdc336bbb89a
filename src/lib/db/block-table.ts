/**
 * Reads and deletes of a table of blocks keyed `[jobId+block]` (row-blocks.ts), whatever the
 * blocks hold; sentence-store.ts and result-store.ts build on them.
 */
import type { Table } from 'dexie';
import { blockOf } from './row-blocks.ts';

type BlockTable<B> = Table<B, [string, number]>;

/** The blocks of a job that hold entries `from` (inclusive) to `to` (exclusive), in order. */
export function blocksInRange<B>(
	table: BlockTable<B>,
	jobId: string,
	from: number,
	to: number
): Promise<B[]> {
	if (to <= from) return Promise.resolve([]);
	return table
		.where('[jobId+block]')
		.between([jobId, blockOf(from)], [jobId, blockOf(to - 1)], true, true)
		.toArray();
}

/** The blocks of a job that hold the given entries, in block order (missing ones skipped). */
export async function blocksHolding<B>(
	table: BlockTable<B>,
	jobId: string,
	indexes: Iterable<number>
): Promise<B[]> {
	const blocks = [...new Set([...indexes].map(blockOf))].sort((a, b) => a - b);
	const found = await table.bulkGet(blocks.map((b): [string, number] => [jobId, b]));
	return found.filter((b): b is B => b !== undefined);
}

/** How many entries a job's blocks hold. */
export async function countEntries<B>(
	table: BlockTable<B>,
	jobId: string,
	entriesOf: (block: B) => readonly unknown[]
): Promise<number> {
	let count = 0;
	await table
		.where('jobId')
		.equals(jobId)
		.each((b) => (count += entriesOf(b).length));
	return count;
}

export async function deleteBlocks<B>(table: BlockTable<B>, jobId: string): Promise<void> {
	await table.where('jobId').equals(jobId).delete();
}
