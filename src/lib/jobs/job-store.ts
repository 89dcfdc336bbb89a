import type { ChunkStatus, Job, JobSettings, NovelDb, ResultEntry } from '../db/db.ts';
import { deleteResults, putResults } from '../db/result-store.ts';
import { addSentences, deleteSentences } from '../db/sentence-store.ts';
import type { ChunkPlan } from '../shared/pipeline/chunk-planner.ts';
import type { ItemResult, Sentence, Usage } from '../shared/pipeline/types.ts';
import { canTransition, isTerminal, type JobStatus } from './job-states.ts';

/** Stores a file once per SHA-256 of its bytes and returns the hash. */
export async function storeFile(db: NovelDb, file: Blob, name: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
	const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
	const exists = await db.files.get(hash);
	if (!exists) await db.files.put({ hash, blob: file, name, size: file.size, addedAt: Date.now() });
	return hash;
}

/** Creates a queued job for a stored file; `extra` carries a run again's origin and title. */
export async function createJob(
	db: NovelDb,
	fileHash: string,
	name: string,
	settings: JobSettings,
	extra: Pick<Partial<Job>, 'rerunOf' | 'title' | 'author'> = {}
): Promise<string> {
	const id = crypto.randomUUID();
	await db.jobs.add({
		...extra,
		id,
		fileHash,
		name,
		settings,
		status: 'queued',
		progressPercent: 0,
		currentStep: 'Queued',
		totalChunks: 0,
		processedChunks: 0,
		failedChunks: 0,
		createdAt: Date.now()
	});
	return id;
}

/**
 * Moves a job to `to` in one transaction, or does nothing if that move is not allowed
 * (a cancelled job stays cancelled whatever finishes later). Returns whether it moved.
 */
export async function transitionJob(
	db: NovelDb,
	jobId: string,
	to: JobStatus,
	patch: Partial<Job> = {}
): Promise<boolean> {
	return db.transaction('rw', db.jobs, async () => {
		const job = await db.jobs.get(jobId);
		if (!job || !canTransition(job.status, to)) return false;
		await db.jobs.update(jobId, { ...patch, status: to });
		return true;
	});
}

/** Updates progress text of a job that is still live. */
export async function updateProgress(
	db: NovelDb,
	jobId: string,
	patch: Partial<Job>
): Promise<void> {
	await db.transaction('rw', db.jobs, async () => {
		const job = await db.jobs.get(jobId);
		if (job && !isTerminal(job.status)) await db.jobs.update(jobId, patch);
	});
}

/** Stores the segmented book and its chunk plan, and moves the job to processing, atomically. */
export async function storePlan(
	db: NovelDb,
	jobId: string,
	sentences: readonly Sentence[],
	plans: readonly ChunkPlan[],
	unchanged: readonly ItemResult[]
): Promise<boolean> {
	return db.transaction(
		'rw',
		[db.jobs, db.sentenceBlocks, db.chunks, db.resultBlocks],
		async () => {
			const job = await db.jobs.get(jobId);
			if (!job || !canTransition(job.status, 'processing')) return false;
			await deleteSentences(db, jobId);
			await db.chunks.where('jobId').equals(jobId).delete();
			await deleteResults(db, jobId);
			await addSentences(db, jobId, sentences);
			await db.chunks.bulkAdd(
				plans.map((p) => ({
					jobId,
					index: p.index,
					sentenceIndexes: p.sentenceIndexes,
					status: 'pending' as ChunkStatus,
					attempts: 0
				}))
			);
			await putResults(db, jobId, unchanged.map(toEntry));
			await db.jobs.update(jobId, {
				status: 'processing',
				sentenceCount: sentences.length,
				totalChunks: plans.length,
				processedChunks: 0,
				failedChunks: 0,
				progressPercent: 0,
				currentStep: plans.length ? `Processing chunk 0/${plans.length} (0%)` : 'Done'
			});
			return true;
		}
	);
}

function toEntry(r: ItemResult): ResultEntry {
	return { sentenceIndex: r.i, sentences: r.sentences, source: r.source, edited: false };
}

/** Marks a chunk as sent, counting the attempt. */
export async function markChunkRunning(db: NovelDb, jobId: string, index: number, key: string) {
	await db.chunks.where({ jobId, index }).modify((c) => {
		c.status = 'running';
		c.attempts += 1;
		c.idempotencyKey = key;
	});
}

/** Puts a chunk back in the queue; `refundAttempt` when the attempt never reached the relay. */
export async function markChunkPending(
	db: NovelDb,
	jobId: string,
	index: number,
	lastError?: string,
	refundAttempt = false
) {
	await db.chunks.where({ jobId, index }).modify((c) => {
		if (c.status === 'done') return;
		c.status = 'pending';
		if (refundAttempt) c.attempts = Math.max(0, c.attempts - 1);
		if (lastError) c.lastError = lastError;
	});
}

function progressPatch(processed: number, failed: number, total: number): Partial<Job> {
	const percent = total ? Math.round(((processed + failed) / total) * 100) : 100;
	return {
		processedChunks: processed,
		failedChunks: failed,
		progressPercent: percent,
		currentStep: `Processing chunk ${processed + failed}/${total} (${percent}%)`
	};
}

/** Shows a live job's chunk progress again (after "Offline — will resume", say). */
export async function showChunkProgress(db: NovelDb, jobId: string): Promise<void> {
	await db.transaction('rw', db.jobs, async () => {
		const job = await db.jobs.get(jobId);
		if (job?.status !== 'processing') return;
		const { currentStep } = progressPatch(job.processedChunks, job.failedChunks, job.totalChunks);
		await db.jobs.update(jobId, { currentStep });
	});
}

/**
 * Writes a chunk's results and progress in one transaction. Nothing is written if the job
 * has ended (cancelled) or the chunk was already done, so a late answer cannot change it.
 */
export async function completeChunk(
	db: NovelDb,
	jobId: string,
	index: number,
	items: readonly ItemResult[],
	usage?: Usage
): Promise<boolean> {
	return db.transaction('rw', [db.jobs, db.chunks, db.resultBlocks], async () => {
		const job = await db.jobs.get(jobId);
		const chunk = await db.chunks.get([jobId, index]);
		if (!job || isTerminal(job.status) || !chunk || chunk.status === 'done') return false;
		await putResults(db, jobId, items.map(toEntry));
		await db.chunks.update([jobId, index], { status: 'done', usage, lastError: undefined });
		const wasFailed = chunk.status === 'failed';
		const processed = job.processedChunks + 1;
		const failed = job.failedChunks - (wasFailed ? 1 : 0);
		await db.jobs.update(jobId, progressPatch(processed, failed, job.totalChunks));
		return true;
	});
}

/**
 * Writes the results of several chunks and the progress in one transaction (mechanical mode
 * finishes hundreds of chunks in a second; one transaction each cost more than the work).
 * Chunks already done are skipped; nothing is written once the job has ended.
 */
export async function completeChunks(
	db: NovelDb,
	jobId: string,
	done: readonly { index: number; items: readonly ItemResult[] }[]
): Promise<boolean> {
	return db.transaction('rw', [db.jobs, db.chunks, db.resultBlocks], async () => {
		const job = await db.jobs.get(jobId);
		if (!job || isTerminal(job.status)) return false;
		const chunks = await db.chunks.bulkGet(done.map((d): [string, number] => [jobId, d.index]));
		const open = done.filter((_, k) => chunks[k] && chunks[k].status !== 'done');
		if (open.length === 0) return true;
		const wasFailed = chunks.filter((c) => c && c.status === 'failed').length;
		await putResults(
			db,
			jobId,
			open.flatMap((d) => d.items.map(toEntry))
		);
		await db.chunks.bulkUpdate(
			open.map((d) => ({
				key: [jobId, d.index] as [string, number],
				changes: { status: 'done' as ChunkStatus, lastError: undefined }
			}))
		);
		const processed = job.processedChunks + open.length;
		const failed = job.failedChunks - wasFailed;
		await db.jobs.update(jobId, progressPatch(processed, failed, job.totalChunks));
		return true;
	});
}

/** Marks a chunk as failed for good and counts it. */
export async function failChunk(db: NovelDb, jobId: string, index: number, message: string) {
	await db.transaction('rw', [db.jobs, db.chunks], async () => {
		const job = await db.jobs.get(jobId);
		const chunk = await db.chunks.get([jobId, index]);
		if (!job || isTerminal(job.status) || !chunk || chunk.status === 'done') return;
		if (chunk.status === 'failed') return;
		await db.chunks.update([jobId, index], { status: 'failed', lastError: message });
		await db.jobs.update(
			jobId,
			progressPatch(job.processedChunks, job.failedChunks + 1, job.totalChunks)
		);
	});
}

/** Chunks still to do; chunks left running by a closed tab count as pending again. */
export async function chunksToRun(db: NovelDb, jobId: string) {
	const all = await db.chunks.where('jobId').equals(jobId).sortBy('index');
	return all.filter((c) => c.status === 'pending' || c.status === 'running');
}

/**
 * Puts a finished job's failed chunks back in the queue with fresh attempts, and the job back
 * to processing, in one transaction. Returns false when there is nothing to retry.
 */
export async function retryFailedChunks(db: NovelDb, jobId: string): Promise<boolean> {
	return db.transaction('rw', [db.jobs, db.chunks], async () => {
		const job = await db.jobs.get(jobId);
		if (!job || job.status !== 'completed_with_errors') return false;
		const n = await db.chunks
			.where({ jobId, status: 'failed' })
			.modify({ status: 'pending', attempts: 0, lastError: undefined });
		if (n === 0) return false;
		await db.jobs.update(jobId, {
			status: 'processing',
			finishedAt: undefined,
			lastError: undefined,
			lastErrorKind: undefined,
			...progressPatch(job.processedChunks, 0, job.totalChunks)
		});
		return true;
	});
}
