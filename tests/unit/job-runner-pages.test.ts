/** What the runner skips before segmenting: front and back matter, the reader's pages, scans. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NovelDb, type JobSettings } from '../../src/lib/db/db.ts';
import { runJob, type PdfPort, type RunnerDeps } from '../../src/lib/jobs/job-runner.ts';
import { createJob, storeFile } from '../../src/lib/jobs/job-store.ts';
import { readSentences } from '../../src/lib/db/sentence-store.ts';

const STORY =
	"Le duc d'Orléans, qui voyait bien que le roi ne l'aimait pas, se retira dans ses terres. Il partit.";
const TITLE = 'SAINT-SIMON\nMémoires XX';
const COPYRIGHT = '© Éditions du Test, 2024\nISBN 978-2-07-036002-4';

/** A title page, story, a scanned page, story, and a copyright page. */
const PAGES = [TITLE, STORY, '', STORY, COPYRIGHT];

let dbCount = 0;
async function setup(settings: JobSettings) {
	const db = new NovelDb(`pages-test-${++dbCount}`);
	const hash = await storeFile(db, new Blob(['%PDF-1.7 fake']), 'book.pdf');
	return { db, jobId: await createJob(db, hash, 'book', settings) };
}

/** Text as a TrueType font without a cmap gives it: glyph ids read as symbols. */
const GARBLED = '’>in +#%> |>#% ’+>% #|>+ %>#’ +%|# >%+|'.repeat(4);

/** Extracts `source`, emptying the excluded pages as the worker does, and records what it was asked. */
function fakePdf(source: string[] = PAGES): PdfPort & { excludePages: (number[] | undefined)[] } {
	const port = {
		excludePages: [] as (number[] | undefined)[],
		async extract(_bytes: Uint8Array, opts: { excludePages?: number[] }) {
			port.excludePages.push(opts.excludePages);
			const excluded = new Set(opts.excludePages ?? []);
			const pages = source.map((text, i) => (excluded.has(i + 1) ? '' : text));
			const emptyPages = pages.flatMap((t, i) => (t === '' && !excluded.has(i + 1) ? [i + 1] : []));
			return { ok: true as const, pages, pageCount: pages.length, emptyPages };
		}
	};
	return port;
}

function deps(db: NovelDb, pdf: PdfPort): RunnerDeps {
	return {
		db,
		pdf,
		relay: {
			normalize: () => Promise.reject(new Error('mechanical mode never calls the relay'))
		},
		concurrency: 1,
		budget: { maxItems: 5, maxChars: 10_000 },
		retry: { maxAttempts: 1, baseMs: 1, maxMs: 1 },
		sleep: async () => {},
		waitForConnection: async () => {}
	};
}

async function run(settings: JobSettings, source: string[] = PAGES) {
	const { db, jobId } = await setup(settings);
	const pdf = fakePdf(source);
	await runJob(deps(db, pdf), jobId, new AbortController().signal);
	const job = await db.jobs.get(jobId);
	const sentences = await readSentences(db, jobId);
	return { job, pdf, pages: sentences.map((s) => s.page), texts: sentences.map((s) => s.text) };
}

describe('runJob, pages', () => {
	it('skips the detected title and copyright pages by default and says so on the job', async () => {
		const { job, pdf, pages } = await run({ limit: 8, mode: 'mechanical' });
		expect(job?.status).toBe('completed');
		expect(pdf.excludePages).toEqual([undefined]);
		expect(job?.skippedPages).toEqual([
			{ page: 1, reason: 'title page' },
			{ page: 5, reason: 'publisher or copyright page' }
		]);
		expect(new Set(pages)).toEqual(new Set([2, 4]));
	});

	it('records the pages that could not be read (no text layer)', async () => {
		const { job } = await run({ limit: 8, mode: 'mechanical' });
		expect(job?.unreadablePages).toEqual([3]);
	});

	it("passes the reader's pages to the extractor and detects nothing else", async () => {
		const { job, pdf, pages } = await run({ limit: 8, mode: 'mechanical', excludePages: [4] });
		expect(pdf.excludePages).toEqual([[4]]);
		expect(job?.skippedPages).toEqual([{ page: 4, reason: 'as you asked' }]);
		expect(new Set(pages)).toEqual(new Set([1, 2, 5]));
	});

	it('keeps every page, title and copyright too, when the reader asked for none', async () => {
		const { job, texts } = await run({ limit: 8, mode: 'mechanical', excludePages: [] });
		expect(job?.skippedPages).toEqual([]);
		expect(texts.join(' ')).toContain('SAINT-SIMON');
		expect(texts.join(' ')).toContain('ISBN');
	});

	it('names the pages whose text decodes to garbage apart from the scanned ones', async () => {
		const { job, pages } = await run({ limit: 8, mode: 'mechanical' }, [STORY, GARBLED, '', STORY]);
		expect(job?.status).toBe('completed');
		expect(job?.unreadablePages).toEqual([2, 3]);
		expect(job?.garbledPages).toEqual([2]);
		expect(new Set(pages)).toEqual(new Set([1, 4]));
	});

	it('fails a book that is all garbage with the pages and what to do, not "no sentences"', async () => {
		const { job } = await run({ limit: 8, mode: 'mechanical' }, [GARBLED, GARBLED, GARBLED]);
		expect(job?.status).toBe('failed');
		expect(job?.lastErrorKind).toEqual({
			code: 'garbled_text',
			params: { pages: '1–3', count: 3 }
		});
		expect(job?.lastError).toMatch(/cannot be decoded \(pages 1–3\)/u);
	});
});
