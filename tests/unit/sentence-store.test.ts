import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import { BLOCK_SIZE, blocksOfRows, toSentenceBlocks } from '../../src/lib/db/row-blocks.ts';
import {
	addSentences,
	countSentences,
	deleteSentences,
	readSentences,
	sentencesAt
} from '../../src/lib/db/sentence-store.ts';
import { readResults } from '../../src/lib/db/result-store.ts';
import type { Sentence } from '../../src/lib/shared/pipeline/types.ts';

/** `n` sentences in book order, ten to a page. */
function book(n: number, tag = 'a'): Sentence[] {
	return Array.from({ length: n }, (_, index) => ({
		index,
		page: 1 + Math.floor(index / 10),
		text: `Phrase ${tag} numéro ${index}.`,
		words: 3
	}));
}

const opened: Dexie[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

function newDb(name = `sentences-${Math.random()}`): NovelDb {
	const db = new NovelDb(name);
	opened.push(db);
	return db;
}

describe('sentence blocks', () => {
	it('groups consecutive sentences, each block in index order, whatever the input order', () => {
		const sentences = book(BLOCK_SIZE * 2 + 5).reverse();
		const blocks = toSentenceBlocks('job', sentences);
		expect(blocks.map((b) => [b.block, b.sentences.length])).toEqual([
			[2, 5],
			[1, BLOCK_SIZE],
			[0, BLOCK_SIZE]
		]);
		for (const b of blocks) {
			expect(b.jobId).toBe('job');
			const indexes = b.sentences.map((s) => s.index);
			expect(indexes).toEqual([...indexes].sort((x, y) => x - y));
			expect(indexes.every((i) => Math.floor(i / BLOCK_SIZE) === b.block)).toBe(true);
		}
	});

	it('keeps only the sentence fields in a block (no job id repeated in every sentence)', () => {
		const [block] = blocksOfRows(
			[{ jobId: 'j', index: 0, page: 1, text: 'Il dort.', words: 2 }],
			toSentenceBlocks
		);
		expect(block).toEqual({
			jobId: 'j',
			block: 0,
			sentences: [{ index: 0, page: 1, text: 'Il dort.', words: 2 }]
		});
	});
});

describe('sentence store', () => {
	it('reads back exactly what it stored, whole or by any window across block edges', async () => {
		const db = newDb();
		const sentences = book(BLOCK_SIZE * 3 + 17);
		await addSentences(db, 'j1', sentences);
		expect(await db.sentenceBlocks.count()).toBe(4);
		const all = await readSentences(db, 'j1');
		expect(all).toEqual(sentences.map((s) => ({ ...s, jobId: 'j1' })));
		const from = BLOCK_SIZE - 3;
		const to = 2 * BLOCK_SIZE + 4;
		expect((await readSentences(db, 'j1', from, to)).map((s) => s.index)).toEqual(
			sentences.slice(from, to).map((s) => s.index)
		);
		expect(await readSentences(db, 'j1', 10, 10)).toEqual([]);
		expect(await readSentences(db, 'j1', 5_000, 6_000)).toEqual([]);
		expect(await countSentences(db, 'j1')).toBe(sentences.length);
	});

	it('finds scattered sentences by index, leaving out the ones it does not hold', async () => {
		const db = newDb();
		await addSentences(db, 'j1', book(600));
		const found = await sentencesAt(db, 'j1', [599, 3, 300, 255, 256, 700]);
		expect([...found.keys()].sort((a, b) => a - b)).toEqual([3, 255, 256, 300, 599]);
		expect(found.get(300)?.text).toBe('Phrase a numéro 300.');
	});

	it("keeps two jobs apart: one job's delete leaves the other's sentences", async () => {
		const db = newDb();
		await addSentences(db, 'j1', book(300, 'a'));
		await addSentences(db, 'j2', book(40, 'b'));
		await deleteSentences(db, 'j1');
		expect(await readSentences(db, 'j1')).toEqual([]);
		expect(await countSentences(db, 'j1')).toBe(0);
		const other = await readSentences(db, 'j2');
		expect(other).toHaveLength(40);
		expect(other.every((s) => s.jobId === 'j2' && s.text.startsWith('Phrase b'))).toBe(true);
	});

	it("moves a reader's one-row-per-sentence books into blocks when the app updates", async () => {
		const name = `upgrade-${Math.random()}`;
		// The schema as version 3 of the app left it, with its rows.
		const old = new Dexie(name);
		old.version(3).stores({
			files: 'hash',
			jobs: 'id, status, createdAt, fileHash, rerunOf',
			sentences: '[jobId+index], jobId',
			chunks: '[jobId+index], jobId, [jobId+status]',
			results: '[jobId+sentenceIndex], jobId',
			shares: '++id'
		});
		const first = book(BLOCK_SIZE + 30, 'a').map((s) => ({ ...s, jobId: 'old-1' }));
		const second = book(12, 'b').map((s) => ({ ...s, jobId: 'old-2' }));
		await old.table('sentences').bulkAdd([...second, ...first].reverse());
		const results = first.map((s) => ({
			jobId: 'old-1',
			sentenceIndex: s.index,
			sentences: [s.text],
			source: 'unchanged',
			edited: s.index === 3,
			...(s.index === 3 && { original: ['Avant.'] })
		}));
		await old.table('results').bulkAdd(results);
		await old.table('jobs').add({ id: 'old-1', status: 'completed', createdAt: 1, fileHash: 'h' });
		old.close();

		const db = newDb(name);
		await db.open();
		expect(db.tables.map((t) => t.name)).not.toContain('sentences');
		expect(db.tables.map((t) => t.name)).not.toContain('results');
		expect(await readSentences(db, 'old-1')).toEqual(first);
		expect(await readSentences(db, 'old-2')).toEqual(second);
		expect(await readResults(db, 'old-1')).toEqual(results);
		expect(await readResults(db, 'old-2')).toEqual([]);
		expect(await db.jobs.get('old-1')).toMatchObject({ status: 'completed' });
	});
});
