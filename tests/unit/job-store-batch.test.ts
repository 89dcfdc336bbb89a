import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import {
	completeChunks,
	createJob,
	storeFile,
	storePlan,
	transitionJob
} from '../../src/lib/jobs/job-store.ts';
import { countResults, getResult } from '../../src/lib/db/result-store.ts';

let dbCount = 0;

/** A job in `processing` with three one-sentence chunks. */
async function planned() {
	const db = new NovelDb(`batch-${++dbCount}`);
	const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
	const jobId = await createJob(db, hash, 'book', { limit: 3, mode: 'mechanical' });
	await transitionJob(db, jobId, 'extracting');
	const sentences = [0, 1, 2].map((index) => ({
		index,
		page: 1,
		text: `Phrase ${index} un peu longue.`,
		words: 4
	}));
	const plans = sentences.map((s) => ({ index: s.index, sentenceIndexes: [s.index] }));
	await storePlan(db, jobId, sentences, plans as never, []);
	return { db, jobId };
}

const result = (i: number) => ({ i, sentences: [`Phrase ${i}.`], source: 'mechanical' as const });

describe('completing chunks in a batch', () => {
	it('stores every result, marks the chunks done and counts them once', async () => {
		const { db, jobId } = await planned();
		expect(
			await completeChunks(db, jobId, [
				{ index: 0, items: [result(0)] },
				{ index: 2, items: [result(2)] }
			])
		).toBe(true);
		const job = await db.jobs.get(jobId);
		expect(job).toMatchObject({ processedChunks: 2, totalChunks: 3 });
		const chunks = await db.chunks.where('jobId').equals(jobId).sortBy('index');
		expect(chunks.map((c) => c.status)).toEqual(['done', 'pending', 'done']);
		expect(await countResults(db, jobId)).toBe(2);
	});

	it('skips chunks already done, so a second batch does not count them again', async () => {
		const { db, jobId } = await planned();
		await completeChunks(db, jobId, [{ index: 0, items: [result(0)] }]);
		await completeChunks(db, jobId, [
			{ index: 0, items: [{ ...result(0), sentences: ['Autre.'] }] },
			{ index: 1, items: [result(1)] }
		]);
		expect((await db.jobs.get(jobId))?.processedChunks).toBe(2);
		expect((await getResult(db, jobId, 0))?.sentences).toEqual(['Phrase 0.']);
	});

	it('writes nothing once the job is cancelled', async () => {
		const { db, jobId } = await planned();
		await transitionJob(db, jobId, 'cancelled');
		expect(await completeChunks(db, jobId, [{ index: 1, items: [result(1)] }])).toBe(false);
		expect(await countResults(db, jobId)).toBe(0);
	});
});
