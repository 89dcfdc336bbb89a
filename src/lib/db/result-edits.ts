import type { NovelDb, StoredResult } from './db.ts';
import { getResult, putResults } from './result-store.ts';

/** A sentence still waiting for its chunk has no output to edit yet. */
export class MissingResultError extends Error {
	constructor(
		readonly jobId: string,
		readonly sentenceIndex: number
	) {
		super(`Sentence ${sentenceIndex + 1} has no result yet`);
		this.name = 'MissingResultError';
	}
}

/** Trimmed sentences, the blank ones dropped: a blank line is never a sentence. */
function cleaned(sentences: readonly string[]): string[] {
	return sentences.map((s) => s.trim()).filter(Boolean);
}

function sameSentences(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((s, k) => s === b[k]);
}

/**
 * A result with the reader's sentences. The first edit keeps what the model or the splitter
 * gave in `original`; an edit that brings the text back to it is no edit at all.
 */
export function withOutput(result: StoredResult, sentences: readonly string[]): StoredResult {
	const original = result.original ?? result.sentences;
	const next = cleaned(sentences);
	if (sameSentences(next, original)) return withoutEdit(result);
	return { ...result, sentences: next, edited: true, original: [...original] };
}

/** A result as the model or the splitter gave it. */
export function withoutEdit(result: StoredResult): StoredResult {
	const { original, ...rest } = result;
	return { ...rest, sentences: original ?? result.sentences, edited: false };
}

/** Reads, changes and writes one result in one transaction; returns what was stored. */
async function change(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number,
	next: (r: StoredResult) => StoredResult
): Promise<StoredResult> {
	return db.transaction('rw', db.resultBlocks, async () => {
		const current = await getResult(db, jobId, sentenceIndex);
		if (!current) throw new MissingResultError(jobId, sentenceIndex);
		const updated = next(current);
		await putResults(db, jobId, [updated]);
		return updated;
	});
}

/** Replaces a sentence's outputs with the reader's (what the row editor saves). */
export function saveOutput(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number,
	sentences: readonly string[]
): Promise<StoredResult> {
	return change(db, jobId, sentenceIndex, (r) => withOutput(r, sentences));
}

/** Changes output sentence `k`; a blank text removes it. */
export function editSentence(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number,
	k: number,
	text: string
): Promise<StoredResult> {
	return change(db, jobId, sentenceIndex, (r) =>
		withOutput(
			r,
			r.sentences.map((s, j) => (j === k ? text : s))
		)
	);
}

/** Inserts an output sentence at position `at` (the end when `at` is past it). */
export function addSentence(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number,
	at: number,
	text: string
): Promise<StoredResult> {
	return change(db, jobId, sentenceIndex, (r) =>
		withOutput(r, [...r.sentences.slice(0, at), text, ...r.sentences.slice(at)])
	);
}

/** Removes output sentence `k`. */
export function removeSentence(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number,
	k: number
): Promise<StoredResult> {
	return change(db, jobId, sentenceIndex, (r) =>
		withOutput(
			r,
			r.sentences.filter((_, j) => j !== k)
		)
	);
}

/** Restores what the model or the splitter gave. */
export function revertResult(
	db: NovelDb,
	jobId: string,
	sentenceIndex: number
): Promise<StoredResult> {
	return change(db, jobId, sentenceIndex, withoutEdit);
}
