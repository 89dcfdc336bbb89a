/**
 * Puts a finished book of `rows` synthetic sentences straight into the page's IndexedDB, as
 * the pipeline would have left it: long books for the views' tests without processing one.
 * The rows are laid out in Node by the app's own row-blocks.ts; the page only stores them.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { toResultBlocks, toSentenceBlocks } from '../../src/lib/db/row-blocks.ts';
import type { ResultSource } from '../../src/lib/shared/pipeline/types.ts';

/** One seeded sentence: its source text and word count, and its stored outputs. */
export interface SeedRow {
	text: string;
	words: number;
	outputs: string[];
	source: ResultSource;
}

const WORDS = ['élève', 'maison', 'rivière', 'chemin', 'lumière', 'forêt', 'père', 'château'];

/** The default row `i`: every third sentence long and split in two, the others unchanged. */
export function sampleRow(i: number): SeedRow {
	const w = WORDS[i % WORDS.length];
	if (i % 3 !== 0) {
		const text = `Le ${w} dort ${i}.`;
		return { text, words: 4, outputs: [text], source: 'unchanged' };
	}
	return {
		text: `Le ${w} marchait lentement le long du chemin, et la nuit tombait sur la vallée ${i}.`,
		words: 15,
		outputs: [
			`Le ${w} marchait lentement le long du chemin.`,
			`La nuit tombait sur la vallée ${i}.`
		],
		source: 'mechanical'
	};
}

/** Stores the book and returns its job id. The app must have opened its database once. */
export async function seedBook(
	page: Page,
	opts: { rows: number; title?: string; limit?: number; rowOf?: (i: number) => SeedRow }
): Promise<string> {
	const id = randomUUID();
	const rows = Array.from({ length: opts.rows }, (_, i) => (opts.rowOf ?? sampleRow)(i));
	const sentenceBlocks = toSentenceBlocks(
		id,
		rows.map((r, index) => ({
			index,
			page: 1 + Math.floor(index / 30),
			text: r.text,
			words: r.words
		}))
	);
	const resultBlocks = toResultBlocks(
		id,
		rows.map((r, sentenceIndex) => ({
			sentenceIndex,
			sentences: r.outputs,
			source: r.source,
			edited: false
		}))
	);
	await page.evaluate(
		async ({ id, rows, title, limit, sentenceBlocks, resultBlocks }) => {
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
			const now = Date.now();
			const tx = db.transaction(['jobs', 'sentenceBlocks', 'resultBlocks', 'files'], 'readwrite');
			for (const b of sentenceBlocks) tx.objectStore('sentenceBlocks').put(b);
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
		},
		{
			id,
			rows: opts.rows,
			title: opts.title ?? 'Livre de test',
			limit: opts.limit ?? 8,
			sentenceBlocks,
			resultBlocks
		}
	);
	return id;
}
