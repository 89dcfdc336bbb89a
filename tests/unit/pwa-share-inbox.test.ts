import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { hasRunningJob } from '../../src/lib/pwa/running-jobs.ts';
import { startShares, storeShares } from '../../src/lib/pwa/share-inbox.ts';
import { answerSharePost } from '../../src/lib/pwa/share-target.ts';

let dbCount = 0;
const freshDb = () => new NovelDb(`pwa-test-${++dbCount}`);
const pdf = (name: string, text = '%PDF-1.7 book') =>
	new File([text], name, { type: 'application/pdf' });

/** A share-target POST as the OS sends it: multipart, the file under the manifest's name. */
function sharePost(form: FormData): Request {
	return new Request('https://novel.example/share', { method: 'POST', body: form });
}

describe('the share target', () => {
	it('stores the shared PDF in IndexedDB and redirects with 303 to the share page', async () => {
		const db = freshDb();
		const form = new FormData();
		form.append('pdf', pdf('Saint-Simon.pdf', '%PDF-1.7 mémoires'));
		const res = await answerSharePost(sharePost(form), db);
		expect(res.status).toBe(303);
		const id = Number(new URL(res.headers.get('location')!).searchParams.get('id'));
		const stored = await db.shares.get(id);
		expect(stored).toMatchObject({ name: 'Saint-Simon.pdf', size: 18 });
		expect(await new Response(stored!.blob).text()).toBe('%PDF-1.7 mémoires');
	});

	it('keeps every file of a multi-file share, whatever field carries it', async () => {
		const db = freshDb();
		const form = new FormData();
		form.append('pdf', pdf('one.pdf'));
		form.append('files', pdf('two.pdf'));
		form.append('title', 'not a file');
		await answerSharePost(sharePost(form), db);
		expect((await db.shares.toArray()).map((s) => s.name)).toEqual(['one.pdf', 'two.pdf']);
	});

	it('sends a share with no file, or a body that is not multipart, to the bare share page', async () => {
		const db = freshDb();
		const empty = await answerSharePost(sharePost(new FormData()), db);
		const junk = await answerSharePost(
			new Request('https://novel.example/share', { method: 'POST', body: 'x=1' }),
			db
		);
		for (const res of [empty, junk]) {
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('https://novel.example/share');
		}
		expect(await db.shares.count()).toBe(0);
	});
});

describe('the share inbox', () => {
	it('turns each pending share into a job and empties the inbox', async () => {
		const db = freshDb();
		await storeShares(db, [pdf('a.pdf'), pdf('b.pdf')]);
		const seen: string[] = [];
		const out = await startShares(db, await db.shares.toArray(), async (file) => {
			seen.push(`${file.name}:${file.type}:${await file.text()}`);
			return `job-${file.name}`;
		});
		expect(out).toEqual({ jobIds: ['job-a.pdf', 'job-b.pdf'], refused: [] });
		expect(seen).toEqual([
			'a.pdf:application/pdf:%PDF-1.7 book',
			'b.pdf:application/pdf:%PDF-1.7 book'
		]);
		expect(await db.shares.count()).toBe(0);
	});

	it('reports a refused file with its message and does not keep it', async () => {
		const db = freshDb();
		await storeShares(db, [pdf('notes.pdf', 'hello')]);
		const out = await startShares(db, await db.shares.toArray(), async (file) => {
			throw new Error(`${file.name}: This file is not a PDF.`);
		});
		expect(out).toEqual({ jobIds: [], refused: ['notes.pdf: This file is not a PDF.'] });
		expect(await db.shares.count()).toBe(0);
	});

	it('stores nothing for an empty launch', async () => {
		expect(await storeShares(freshDb(), [])).toEqual([]);
	});
});

describe('the update prompt asks before reloading', () => {
	it('only while a job is extracting or processing', async () => {
		const db = freshDb();
		expect(await hasRunningJob(db)).toBe(false);
		const job = (id: string, status: 'queued' | 'extracting' | 'processing' | 'completed') => ({
			id,
			fileHash: 'h',
			name: id,
			settings: { limit: 8, mode: 'mechanical' as const },
			status,
			progressPercent: 0,
			currentStep: '',
			totalChunks: 0,
			processedChunks: 0,
			failedChunks: 0,
			createdAt: 0
		});
		await db.jobs.bulkAdd([job('done', 'completed'), job('waiting', 'queued')]);
		expect(await hasRunningJob(db)).toBe(false);
		await db.jobs.add(job('busy', 'processing'));
		expect(await hasRunningJob(db)).toBe(true);
		await db.jobs.update('busy', { status: 'completed' });
		await db.jobs.add(job('reading', 'extracting'));
		expect(await hasRunningJob(db)).toBe(true);
	});
});
