import type { NovelDb, PendingShare } from '../db/db.ts';

/** Parks shared or opened files in IndexedDB, not in memory (a novel can be large); returns their ids. */
export async function storeShares(db: NovelDb, files: readonly File[]): Promise<number[]> {
	const receivedAt = Date.now();
	const rows = files.map((file) => ({ blob: file, name: file.name, size: file.size, receivedAt }));
	if (rows.length === 0) return [];
	return db.shares.bulkAdd(rows, { allKeys: true });
}

/** The outcome of pressing Start on the share page. */
export interface StartedShares {
	jobIds: string[];
	/** One reader's message per file that was refused (not a PDF, empty, too large…). */
	refused: string[];
}

/**
 * Turns each pending share into a job through `start`, and drops it from the inbox either way:
 * a refused file would only be refused again.
 */
export async function startShares(
	db: NovelDb,
	shares: readonly PendingShare[],
	start: (file: File) => Promise<string>
): Promise<StartedShares> {
	const out: StartedShares = { jobIds: [], refused: [] };
	for (const share of shares) {
		// IndexedDB may hand back a plain Blob; the job wants the file's name.
		const file = new File([share.blob], share.name, { type: share.blob.type || 'application/pdf' });
		try {
			out.jobIds.push(await start(file));
		} catch (err) {
			out.refused.push(err instanceof Error ? err.message : String(err));
		} finally {
			await db.shares.delete(share.id);
		}
	}
	return out;
}
