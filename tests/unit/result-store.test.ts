import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NovelDb, type ResultEntry } from '../../src/lib/db/db.ts';
import {
	countResults,
	deleteResults,
	getResult,
	putResults,
	readResults,
	resultsAt
} from '../../src/lib/db/result-store.ts';
import { BLOCK_SIZE } from '../../src/lib/db/row-blocks.ts';

const opened: NovelDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

function newDb(): NovelDb {
	const db = new NovelDb(`results-${Math.random()}`);
	opened.push(db);
	return db;
}

function entry(i: number, text = `Phrase ${i}.`): ResultEntry {
	return { sentenceIndex: i, sentences: [text], source: 'mechanical', edited: false };
}

describe('result store', () => {
	it('adds results chunk by chunk into shared blocks, keeping the ones already there', async () => {
		const db = newDb();
		const evens = Array.from({ length: 300 }, (_, k) => entry(2 * k));
		const odds = Array.from({ length: 300 }, (_, k) => entry(2 * k + 1));
		await putResults(db, 'j', evens);
		await putResults(db, 'j', odds);
		const all = await readResults(db, 'j');
		expect(all.map((r) => r.sentenceIndex)).toEqual([...Array(600).keys()]);
		expect(all.every((r) => r.jobId === 'j')).toBe(true);
		expect(await db.resultBlocks.count()).toBe(Math.ceil(600 / BLOCK_SIZE));
		expect(await countResults(db, 'j')).toBe(600);
	});

	it('replaces the result of a sentence written again (a retried chunk, an edit)', async () => {
		const db = newDb();
		await putResults(db, 'j', [entry(0), entry(1), entry(BLOCK_SIZE)]);
		const edited = { ...entry(1, 'Il dort.'), edited: true, original: ['Phrase 1.'] };
		await putResults(db, 'j', [edited]);
		expect(await getResult(db, 'j', 1)).toEqual({ ...edited, jobId: 'j' });
		expect(await getResult(db, 'j', 0)).toEqual({ ...entry(0), jobId: 'j' });
		expect(await countResults(db, 'j')).toBe(3);
	});

	it('reads a window across block edges, and chosen sentences in order', async () => {
		const db = newDb();
		await putResults(
			db,
			'j',
			Array.from({ length: 3 * BLOCK_SIZE }, (_, i) => entry(i))
		);
		const window = await readResults(db, 'j', BLOCK_SIZE - 2, BLOCK_SIZE + 3);
		expect(window.map((r) => r.sentenceIndex)).toEqual([
			BLOCK_SIZE - 2,
			BLOCK_SIZE - 1,
			BLOCK_SIZE,
			BLOCK_SIZE + 1,
			BLOCK_SIZE + 2
		]);
		const chosen = await resultsAt(db, 'j', [700, 5, 3 * BLOCK_SIZE + 9, 300]);
		expect(chosen.map((r) => r.sentenceIndex)).toEqual([5, 300, 700]);
		expect(await getResult(db, 'j', 3 * BLOCK_SIZE + 9)).toBeUndefined();
	});

	it("deletes one job's results only, and stores no job id inside the blocks", async () => {
		const db = newDb();
		await putResults(db, 'a', [entry(0)]);
		await putResults(db, 'b', [{ ...entry(0), jobId: 'b' } as ResultEntry]);
		await deleteResults(db, 'a');
		expect(await readResults(db, 'a')).toEqual([]);
		const [block] = await db.resultBlocks.toArray();
		expect(block).toEqual({ jobId: 'b', block: 0, results: [entry(0)] });
	});
});
