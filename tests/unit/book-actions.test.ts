import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { createRerun, deleteBooks } from '../../src/lib/jobs/book-actions.ts';
import { JobManager } from '../../src/lib/jobs/job-manager.ts';
import { runJob, type PdfPort, type RunnerDeps } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import { rerunSource, RERUN_STEP } from '../../src/lib/jobs/rerun-source.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { countSentences, deleteSentences, readSentences } from '../../src/lib/db/sentence-store.ts';
import { countResults, getResult, putResults, readResults } from '../../src/lib/db/result-store.ts';

const PAGES = [
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres. Il partit.",
	'Madame de Maintenon, lasse des intrigues de la cour, passait ses journées à Saint-Cyr parmi les demoiselles.',
	'Le maréchal de Villars marcha enfin vers la frontière avec toute son armée et ses canons. Fin.'
];

let dbCount = 0;
const newDb = () => new NovelDb(`book-actions-${++dbCount}`);

/** A PDF port that counts its extractions and reports the book's metadata. */
function countingPdf(): PdfPort & { calls: number } {
	const port = {
		calls: 0,
		async extract() {
			port.calls += 1;
			return {
				ok: true as const,
				pages: PAGES,
				pageCount: PAGES.length,
				title: ' Mémoires ',
				author: 'Saint-Simon'
			};
		}
	};
	return port;
}

function deps(db: NovelDb, pdf: PdfPort): RunnerDeps {
	return {
		db,
		pdf,
		relay: {
			async normalize() {
				throw new Error('mechanical jobs never call the relay');
			}
		},
		concurrency: 1,
		budget: { maxItems: 2, maxChars: 10_000 },
		retry: { maxAttempts: 3, baseMs: 1, maxMs: 1 },
		sleep: async () => {},
		waitForConnection: async () => {}
	};
}

/** Stores `bytes` as a PDF and runs a mechanical job on it to the end. */
async function finishedBook(db: NovelDb, bytes: string, limit = 6) {
	const hash = await storeFile(db, new Blob([bytes]), 'book.pdf');
	const id = await createJob(db, hash, 'book', { limit, mode: 'mechanical' });
	await runJob(deps(db, countingPdf()), id, new AbortController().signal);
	return { id, hash };
}

/** How many rows of each table belong to `jobId`. */
async function rowsOf(db: NovelDb, jobId: string) {
	return {
		sentences: await countSentences(db, jobId),
		chunks: await db.chunks.where('jobId').equals(jobId).count(),
		results: await countResults(db, jobId)
	};
}

describe('deleteBooks', () => {
	it('removes a book, its rows, edits and PDF, and leaves the other book whole', async () => {
		const db = newDb();
		const a = await finishedBook(db, '%PDF-1.7 book A');
		const b = await finishedBook(db, '%PDF-1.7 book B');
		const first = await getResult(db, a.id, 0);
		await putResults(db, a.id, [{ ...first!, sentences: ['Édité.'], edited: true }]);
		const before = await rowsOf(db, b.id);
		expect(before.sentences).toBeGreaterThan(0);

		const removed = await deleteBooks(db, [a.id]);

		expect(removed).toEqual([a.hash]);
		expect(await db.jobs.get(a.id)).toBeUndefined();
		expect(await rowsOf(db, a.id)).toEqual({ sentences: 0, chunks: 0, results: 0 });
		expect(await db.files.get(a.hash)).toBeUndefined();
		expect(await rowsOf(db, b.id)).toEqual(before);
		expect((await db.jobs.get(b.id))?.status).toBe('completed');
		expect(await db.files.get(b.hash)).toBeDefined();
	});

	it('keeps a PDF while another entry still uses it, and removes it with the last one', async () => {
		const db = newDb();
		const first = await finishedBook(db, '%PDF-1.7 shared');
		const second = await finishedBook(db, '%PDF-1.7 shared', 10);
		expect(second.hash).toBe(first.hash);

		expect(await deleteBooks(db, [first.id])).toEqual([]);
		expect(await db.files.get(first.hash)).toBeDefined();
		expect((await rowsOf(db, second.id)).sentences).toBeGreaterThan(0);

		expect(await deleteBooks(db, [second.id])).toEqual([first.hash]);
		expect(await db.files.count()).toBe(0);
		expect(await db.jobs.count()).toBe(0);
	});

	it('deletes several books at once, in one call', async () => {
		const db = newDb();
		const a = await finishedBook(db, '%PDF-1.7 one');
		const b = await finishedBook(db, '%PDF-1.7 two');
		const c = await finishedBook(db, '%PDF-1.7 three');
		await deleteBooks(db, [a.id, b.id]);
		expect((await db.jobs.toArray()).map((j) => j.id)).toEqual([c.id]);
		expect((await db.sentenceBlocks.toArray()).flatMap((b) => b.sentences).length).toBe(
			(await rowsOf(db, c.id)).sentences
		);
		expect(await db.files.count()).toBe(1);
	});
});

describe('JobManager.deleteBooks', () => {
	it('cancels a running book and stops its relay call before deleting it', async () => {
		const db = newDb();
		const other = await finishedBook(db, '%PDF-1.7 other');
		const otherRows = await rowsOf(db, other.id);
		let aborted = false;
		let asked!: () => void;
		const reached = new Promise<void>((resolve) => (asked = resolve));
		const relay = {
			normalize: (_req: unknown, signal: AbortSignal) =>
				new Promise<never>((_resolve, reject) => {
					asked();
					signal.addEventListener('abort', () => {
						aborted = true;
						reject(new DOMException('aborted', 'AbortError'));
					});
				})
		};
		const manager = new JobManager(db, countingPdf(), relay, () => ({
			concurrency: 1,
			maxItems: 2,
			maxChars: 10_000
		}));
		const hash = await storeFile(db, new Blob(['%PDF-1.7 running']), 'running.pdf');
		const id = await createJob(db, hash, 'running', { limit: 4, mode: 'ai' });
		void manager.run(id);
		await reached;

		await manager.deleteBooks([id]);

		expect(aborted).toBe(true);
		expect(await db.jobs.get(id)).toBeUndefined();
		expect(await rowsOf(db, id)).toEqual({ sentences: 0, chunks: 0, results: 0 });
		expect(await db.files.get(hash)).toBeUndefined();
		expect(await rowsOf(db, other.id)).toEqual(otherRows);
	});
});

describe('run again', () => {
	it('stores the title, author and sentence count a real extraction gives', async () => {
		const db = newDb();
		const { id } = await finishedBook(db, '%PDF-1.7 meta');
		const job = await db.jobs.get(id);
		expect(job).toMatchObject({ title: 'Mémoires', author: 'Saint-Simon', pageCount: 3 });
		expect(job?.sentenceCount).toBe(await countSentences(db, id));
	});

	it('plans from the stored sentences of the earlier run without extracting, and the old entry stays', async () => {
		const db = newDb();
		const old = await finishedBook(db, '%PDF-1.7 rerun', 6);
		const oldRows = await rowsOf(db, old.id);
		const oldSentences = await readSentences(db, old.id);

		const id = await createRerun(db, old.id, { limit: 4, mode: 'mechanical' });
		const created = await db.jobs.get(id);
		expect(created).toMatchObject({ rerunOf: old.id, fileHash: old.hash, status: 'queued' });
		expect(created?.settings.limit).toBe(4);

		const pdf = countingPdf();
		const steps: string[] = [];
		db.jobs.hook('updating', (mods) => {
			const step = (mods as { currentStep?: string }).currentStep;
			if (step) steps.push(step);
		});
		await runJob(deps(db, pdf), id, new AbortController().signal);

		expect(pdf.calls).toBe(0);
		expect(steps).toContain(RERUN_STEP);
		expect(steps.some((s) => s.startsWith('Extracting'))).toBe(false);
		const rerun = await db.jobs.get(id);
		expect(rerun).toMatchObject({
			status: 'completed',
			title: 'Mémoires',
			author: 'Saint-Simon',
			pageCount: 3,
			sentenceCount: oldSentences.length
		});
		const copied = await readSentences(db, id);
		expect(copied.map(({ index, page, text, words }) => ({ index, page, text, words }))).toEqual(
			oldSentences.map(({ index, page, text, words }) => ({ index, page, text, words }))
		);
		const results = await readResults(db, id);
		expect(results).toHaveLength(copied.length);
		for (const r of results)
			for (const s of r.sentences) expect(countWords(s)).toBeLessThanOrEqual(4);
		// The earlier entry is untouched.
		expect(await rowsOf(db, old.id)).toEqual(oldRows);
		expect((await db.jobs.get(old.id))?.settings.limit).toBe(6);
	});

	it('extracts the PDF again when the earlier run has no sentences left', async () => {
		const db = newDb();
		const old = await finishedBook(db, '%PDF-1.7 gone');
		const id = await createRerun(db, old.id, { limit: 5, mode: 'mechanical' });
		await deleteSentences(db, old.id);
		expect(await rerunSource(db, { rerunOf: old.id })).toBeUndefined();
		const pdf = countingPdf();
		await runJob(deps(db, pdf), id, new AbortController().signal);
		expect(pdf.calls).toBe(1);
		expect((await db.jobs.get(id))?.status).toBe('completed');
	});
});
