/** AI mode's scanned pages in the runner: cut, reserved, read through the relay, or left unread. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb } from '../../src/lib/db/db.ts';
import type { CreditsPortLike } from '../../src/lib/jobs/job-credits.ts';
import { runJob, type RelayPort, type RunnerDeps } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import type { ReadPagesRequest } from '../../src/lib/jobs/page-reading.ts';
import {
	consecutiveRanges,
	pagePlaceholders
} from '../../src/lib/shared/pipeline/scanned-pages.ts';
import { readSentences } from '../../src/lib/db/sentence-store.ts';

const STORY = 'Le duc partit. Il revint le soir.';
const READ = 'La duchesse attendait. Elle dormait.';
/** Story, two consecutive scans, story, then one more scan. */
const PAGES = [STORY, '', '', STORY, '', STORY];

let dbCount = 0;

function scenario(readPages: RelayPort['readPages']) {
	const calls = {
		reserved: [] as { i: number; text: string }[][],
		split: [] as [number, number][][],
		read: [] as Omit<ReadPagesRequest, 'pdf'>[]
	};
	const credits: CreditsPortLike = {
		async reserve(_jobId, items) {
			calls.reserved.push(items);
			return { estimate: 1, reserved: 1, settled: 0 };
		},
		release: async () => ({ settled: 0 })
	};
	const relay: RelayPort = {
		normalize: async (req) => ({
			items: req.items.map((it) => ({ i: it.i, sentences: [it.text], source: 'unchanged' })),
			usage: { promptTokens: 0, outputTokens: 0, totalTokens: 0 }
		}),
		readPages: async (req, signal) => {
			const { pdf, ...rest } = req;
			expect(new TextDecoder().decode(pdf)).toBe(`part ${rest.pageFrom}-${rest.pageTo}`);
			calls.read.push(rest);
			return readPages!(req, signal);
		}
	};
	const deps = (db: NovelDb): RunnerDeps => ({
		db,
		pdf: {
			extract: async (_bytes, opts) => {
				expect(opts.allowNoText).toBe(true);
				const emptyPages = PAGES.flatMap((t, i) => (t === '' ? [i + 1] : []));
				return { ok: true, pages: [...PAGES], pageCount: PAGES.length, emptyPages };
			},
			split: async (_bytes, ranges) => {
				calls.split.push(ranges);
				const parts = ranges.map(([a, b]) => new TextEncoder().encode(`part ${a}-${b}`));
				return { ok: true, parts };
			}
		},
		relay,
		credits,
		concurrency: 1,
		budget: { maxItems: 5, maxChars: 10_000 },
		retry: { maxAttempts: 2, baseMs: 1, maxMs: 1 },
		sleep: async () => {},
		waitForConnection: async () => {}
	});
	return {
		calls,
		async run() {
			const db = new NovelDb(`page-reading-${++dbCount}`);
			const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
			const jobId = await createJob(db, hash, 'book', { limit: 8, mode: 'ai', excludePages: [] });
			await runJob(deps(db), jobId, new AbortController().signal);
			const job = await db.jobs.get(jobId);
			const sentences = await readSentences(db, jobId);
			return { job, sentences };
		}
	};
}

describe('consecutiveRanges and pagePlaceholders', () => {
	it('groups consecutive pages into runs of at most five', () => {
		expect(consecutiveRanges([9, 2, 3, 4, 5, 6, 7, 12, 3])).toEqual([
			[2, 6],
			[7, 7],
			[9, 9],
			[12, 12]
		]);
		expect(consecutiveRanges([])).toEqual([]);
	});

	it('reserves a page as a 1,800-character item far over any word limit', () => {
		const [item] = pagePlaceholders([4]);
		expect(item.i).toBe(4);
		expect(Math.abs(item.text.length - 1_800)).toBeLessThanOrEqual(1);
		expect(item.text.split(' ').length).toBeGreaterThan(50);
	});
});

describe('runJob, scanned pages in AI mode', () => {
	it('reserves, cuts the scans into ranges, and puts each range’s text on its first page', async () => {
		const s = scenario(async (req) => ({ text: `La page ${req.pageFrom} fut lue. Elle dormait.` }));
		const { job, sentences } = await s.run();
		expect(job?.status).toBe('completed');
		expect(job?.unreadablePages).toEqual([]);
		expect(s.calls.reserved).toEqual([pagePlaceholders([2, 3, 5])]);
		expect(s.calls.split).toEqual([
			[
				[2, 3],
				[5, 5]
			]
		]);
		expect(s.calls.read.map((r) => [r.pageFrom, r.pageTo])).toEqual([
			[2, 3],
			[5, 5]
		]);
		const onPage = (p: number) => sentences.filter((x) => x.page === p).map((x) => x.text);
		expect(onPage(2)).toEqual(['La page 2 fut lue.', 'Elle dormait.']);
		expect(onPage(3)).toEqual([]);
		expect(onPage(5)).toEqual(['La page 5 fut lue.', 'Elle dormait.']);
		expect(job?.currentStep).toBe('Done');
	});

	it('leaves a range unreadable on a refusal, retries a transient failure, and the job goes on', async () => {
		let calls = 0;
		const s = scenario(async (req) => {
			calls += 1;
			if (req.pageFrom === 2) {
				throw Object.assign(new Error('refused'), { data: { httpStatus: 422, kind: 'blocked' } });
			}
			if (calls === 2) {
				throw Object.assign(new Error('busy'), { data: { httpStatus: 502, kind: 'server' } });
			}
			return { text: READ };
		});
		const { job, sentences } = await s.run();
		expect(job?.status).toBe('completed');
		expect(job?.unreadablePages).toEqual([2, 3]);
		expect(s.calls.read.map((r) => r.pageFrom)).toEqual([2, 5, 5]);
		expect(sentences.filter((x) => x.page === 5).map((x) => x.text)).toEqual([
			'La duchesse attendait.',
			'Elle dormait.'
		]);
	});
});
