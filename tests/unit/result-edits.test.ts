import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import {
	addSentence,
	editSentence,
	MissingResultError,
	removeSentence,
	revertResult,
	saveOutput
} from '../../src/lib/db/result-edits.ts';
import { loadAllRows, loadBook, resultsOfChunks } from '../../src/lib/db/result-queries.ts';
import { addSentences } from '../../src/lib/db/sentence-store.ts';
import { getResult, putResults } from '../../src/lib/db/result-store.ts';

let db: NovelDb;
const JOB = 'job-1';
const MODEL = ['Il marche.', 'Il tombe.'];

beforeEach(async () => {
	db = new NovelDb(`edits-${Math.random()}`);
	await addSentences(db, JOB, [
		{ index: 0, page: 1, text: 'Il marche, et il tombe.', words: 5 },
		{ index: 1, page: 1, text: 'Il dort.', words: 2 }
	]);
	await putResults(db, JOB, [
		{ sentenceIndex: 0, sentences: MODEL, source: 'model', edited: false }
	]);
});
afterEach(async () => {
	db.close();
	await db.delete();
});

describe('result edits', () => {
	it('keeps the model output as the original at the first edit, and only then', async () => {
		await editSentence(db, JOB, 0, 1, 'Il tombe soudain.');
		const second = await editSentence(db, JOB, 0, 0, 'Il court.');
		expect(second).toMatchObject({
			sentences: ['Il court.', 'Il tombe soudain.'],
			edited: true,
			original: MODEL,
			source: 'model'
		});
		expect(await getResult(db, JOB, 0)).toEqual(second);
	});

	it('reverts to what the model gave and forgets the edit', async () => {
		await saveOutput(db, JOB, 0, ['Tout autre chose.']);
		const back = await revertResult(db, JOB, 0);
		expect(back.sentences).toEqual(MODEL);
		expect(back.edited).toBe(false);
		expect(back.original).toBeUndefined();
		expect((await getResult(db, JOB, 0))?.original).toBeUndefined();
	});

	it('adds and removes output sentences', async () => {
		const added = await addSentence(db, JOB, 0, 1, 'Il se relève.');
		expect(added.sentences).toEqual(['Il marche.', 'Il se relève.', 'Il tombe.']);
		const removed = await removeSentence(db, JOB, 0, 0);
		expect(removed.sentences).toEqual(['Il se relève.', 'Il tombe.']);
		expect(removed.original).toEqual(MODEL);
	});

	it('drops blank sentences and trims the others', async () => {
		const r = await saveOutput(db, JOB, 0, [
			'  Il marche.  ',
			'',
			'   ',
			'Il tombe.',
			'Puis il rit.'
		]);
		expect(r.sentences).toEqual(['Il marche.', 'Il tombe.', 'Puis il rit.']);
	});

	it('counts an edit that restores the original text as no edit', async () => {
		await editSentence(db, JOB, 0, 0, 'Autre.');
		const same = await editSentence(db, JOB, 0, 0, 'Il marche.');
		expect(same.edited).toBe(false);
		expect(same.original).toBeUndefined();
	});

	it('refuses to edit a sentence whose chunk has not answered yet', async () => {
		await expect(saveOutput(db, JOB, 1, ['Il dort.'])).rejects.toBeInstanceOf(MissingResultError);
		expect(await getResult(db, JOB, 1)).toBeUndefined();
	});

	it('reads edits back in every row the exports use', async () => {
		await saveOutput(db, JOB, 0, ['Il marche vite.']);
		const rows = await loadAllRows(db, JOB);
		expect(rows[0]).toMatchObject({ output: ['Il marche vite.'], edited: true, original: MODEL });
		expect(rows[1]).toMatchObject({ outputSource: 'pending', edited: false });
	});
});

describe('incremental reads', () => {
	it('reads a snapshot with its done chunks, then only the results of a newly done chunk', async () => {
		await db.chunks.bulkAdd([
			{ jobId: JOB, index: 0, sentenceIndexes: [0], status: 'done', attempts: 1 },
			{ jobId: JOB, index: 1, sentenceIndexes: [1], status: 'pending', attempts: 0 }
		]);
		const snap = await loadBook(db, JOB);
		expect(snap.doneChunks).toEqual([0]);
		expect(snap.rows.map((r) => r.outputSource)).toEqual(['model', 'pending']);

		await putResults(db, JOB, [
			{ sentenceIndex: 1, sentences: ['Il dort.'], source: 'mechanical', edited: false }
		]);
		const fresh = await resultsOfChunks(db, JOB, [1]);
		expect(fresh.map((r) => r.sentenceIndex)).toEqual([1]);
	});
});
