/**
 * What the library does to whole books: delete them (their rows, and their PDF once no
 * other entry uses it) and make a new entry that runs a stored book again.
 */
import type { Job, JobSettings, NovelDb } from '../db/db.ts';
import { deleteResults } from '../db/result-store.ts';
import { deleteSentences } from '../db/sentence-store.ts';
import { createJob } from './job-store.ts';

/**
 * Deletes the jobs `jobIds` with their sentences, chunks and results (edits included), in one
 * transaction. A PDF goes only when no job left uses its hash: two runs of one book share it.
 * Returns the hashes of the PDFs that were removed.
 */
export async function deleteBooks(db: NovelDb, jobIds: readonly string[]): Promise<string[]> {
	const ids = [...new Set(jobIds)];
	return db.transaction(
		'rw',
		[db.jobs, db.sentenceBlocks, db.chunks, db.resultBlocks, db.files],
		async () => {
			const jobs = (await db.jobs.bulkGet(ids)).filter((j): j is Job => !!j);
			for (const { id } of jobs) {
				await deleteSentences(db, id);
				await db.chunks.where('jobId').equals(id).delete();
				await deleteResults(db, id);
			}
			await db.jobs.bulkDelete(jobs.map((j) => j.id));
			const removed: string[] = [];
			for (const hash of new Set(jobs.map((j) => j.fileHash))) {
				if ((await db.jobs.where('fileHash').equals(hash).count()) > 0) continue;
				await db.files.delete(hash);
				removed.push(hash);
			}
			return removed;
		}
	);
}

/**
 * Creates a queued job that runs the book of `fromJobId` again with `settings`. It points at
 * the same stored PDF and names the old job in `rerunOf`, so the runner copies that job's
 * sentences instead of extracting them again. The pages the old job skipped stay skipped:
 * its sentences already leave them out.
 */
export async function createRerun(
	db: NovelDb,
	fromJobId: string,
	settings: Pick<JobSettings, 'limit' | 'mode' | 'tier'>
): Promise<string> {
	const from = await db.jobs.get(fromJobId);
	if (!from) throw new Error(`No job ${fromJobId} to run again`);
	const next: JobSettings = {
		limit: settings.limit,
		mode: settings.mode,
		...(settings.mode === 'ai' && settings.tier && { tier: settings.tier }),
		...(from.settings.excludePages && { excludePages: [...from.settings.excludePages] })
	};
	return createJob(db, from.fileHash, from.name, next, {
		rerunOf: from.id,
		...(from.title && { title: from.title }),
		...(from.author && { author: from.author })
	});
}
