import type { NovelDb } from '../db/db.ts';

/** True while a job in any tab is extracting or processing: a reload now would interrupt it. */
export async function hasRunningJob(db: NovelDb): Promise<boolean> {
	const running = await db.jobs.where('status').anyOf(['extracting', 'processing']).count();
	return running > 0;
}
