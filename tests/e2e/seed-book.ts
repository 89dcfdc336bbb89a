/**
 * Puts a finished book of `rows` synthetic sentences straight into the page's IndexedDB, as
 * the pipeline would have left it: long books for the views' tests without processing one.
 */
import type { Page } from 'playwright-core';
import { BLOCK_SIZE } from '../../src/lib/db/row-blocks.ts';

/** Stores the book and returns its job id. The app must have opened its database once. */
export async function seedBook(
	page: Page,
	opts: { rows: number; title?: string; limit?: number }
): Promise<string> {
	return page.evaluate(
		async ({ rows, title, limit, blockSize }) => {
			// The app's Dexie makes the stores when it first opens the database; until then an
			// open without a version sees none. Wait for them, closing each early connection so
			// that Dexie's upgrade is never blocked by ours.
			const open = () =>
				new Promise<IDBDatabase>((resolve, reject) => {
					const req = indexedDB.open('french-novel-tool');
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
			let db = await open();
			for (let waited = 0; !db.objectStoreNames.contains('files'); waited += 100) {
				db.close();
				if (waited > 20_000) throw new Error("the app's database never got its stores");
				await new Promise((resolve) => setTimeout(resolve, 100));
				db = await open();
			}
			const id = crypto.randomUUID();
			const now = Date.now();
			const tx = db.transaction(['jobs', 'sentenceBlocks', 'resultBlocks', 'files'], 'readwrite');
			const blocks: { jobId: string; block: number; sentences: object[] }[] = [];
			const resultBlocks: { jobId: string; block: number; results: object[] }[] = [];
			const words = ['élève', 'maison', 'rivière', 'chemin', 'lumière', 'forêt', 'père', 'château'];
			for (let i = 0; i < rows; i++) {
				const page = 1 + Math.floor(i / 30);
				const w = words[i % words.length];
				const long = i % 3 === 0;
				const text = long
					? `Le ${w} marchait lentement le long du chemin, et la nuit tombait sur la vallée ${i}.`
					: `Le ${w} dort ${i}.`;
				const block = Math.floor(i / blockSize);
				blocks[block] ??= { jobId: id, block, sentences: [] };
				resultBlocks[block] ??= { jobId: id, block, results: [] };
				blocks[block].sentences.push({ index: i, page, text, words: long ? 15 : 4 });
				resultBlocks[block].results.push({
					sentenceIndex: i,
					sentences: long
						? [
								`Le ${w} marchait lentement le long du chemin.`,
								`La nuit tombait sur la vallée ${i}.`
							]
						: [text],
					source: long ? 'mechanical' : 'unchanged',
					edited: false
				});
			}
			for (const b of blocks) tx.objectStore('sentenceBlocks').put(b);
			for (const b of resultBlocks) tx.objectStore('resultBlocks').put(b);
			tx.objectStore('files').put({
				hash: `seed-${id}`,
				blob: new Blob(['%PDF-1.4 seed'], { type: 'application/pdf' }),
				name: `${title}.pdf`,
				size: 13,
				addedAt: now
			});
			tx.objectStore('jobs').put({
				id,
				fileHash: `seed-${id}`,
				name: title,
				title,
				settings: { limit, mode: 'mechanical' },
				status: 'completed',
				progressPercent: 100,
				currentStep: 'Done',
				pageCount: Math.ceil(rows / 30),
				sentenceCount: rows,
				totalChunks: 1,
				processedChunks: 1,
				failedChunks: 0,
				createdAt: now,
				startedAt: now,
				finishedAt: now,
				processingSeconds: 1
			});
			await new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
			return id;
		},
		{
			rows: opts.rows,
			title: opts.title ?? 'Livre de test',
			limit: opts.limit ?? 8,
			blockSize: BLOCK_SIZE
		}
	);
}
