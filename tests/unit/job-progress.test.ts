import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lib/db/db.ts';
import { barOf, skippedGroups, stepOf } from '../../src/lib/jobs/job-progress.ts';
import { runningProgress } from '../../src/lib/jobs/progress-title.ts';

type Fields = Parameters<typeof stepOf>[0] & Pick<Job, 'name' | 'title'>;

/** A 600-chunk book in processing, as the runner stores it, with overrides. */
function job(over: Partial<Fields> = {}): Fields {
	return {
		name: 'germinal',
		status: 'processing',
		currentStep: 'Processing chunk 2/600 (0%)',
		processedChunks: 2,
		failedChunks: 0,
		totalChunks: 600,
		progressPercent: 0,
		...over
	};
}

describe('the progress bar', () => {
	it('shows the first chunks of a long book, which the rounded percent shows as 0', () => {
		expect(barOf(job())).toEqual({ value: 2, max: 600 });
	});

	it('keeps the chunks done while the book waits offline', () => {
		const offline = job({ currentStep: 'Offline — will resume', processedChunks: 8 });
		expect(barOf(offline)).toEqual({ value: 8, max: 600 });
		expect(stepOf(offline)).toEqual({ kind: 'offline' });
	});

	it('keeps the chunks done while the book is paused', () => {
		expect(barOf(job({ status: 'paused', currentStep: 'Paused', processedChunks: 30 }))).toEqual({
			value: 30,
			max: 600
		});
	});

	it('follows the pages while the PDF is read, and is full at the end', () => {
		const extracting = job({
			status: 'extracting',
			currentStep: 'Extracting page 30/120',
			progressPercent: 25,
			totalChunks: 0,
			processedChunks: 0
		});
		expect(barOf(extracting)).toEqual({ value: 25, max: 100 });
		expect(barOf(job({ status: 'completed', processedChunks: 600 }))).toEqual({ value: 1, max: 1 });
	});
});

describe('the step shown on the card', () => {
	it('reads the chunk counts from the fields, failed chunks included', () => {
		expect(stepOf(job({ processedChunks: 3, failedChunks: 1, totalChunks: 10 }))).toEqual({
			kind: 'processing',
			done: 4,
			total: 10,
			fraction: 0.4
		});
	});

	it('takes the page numbers from the extraction and page-image steps', () => {
		const base = { status: 'extracting' as const, totalChunks: 0, processedChunks: 0 };
		expect(stepOf(job({ ...base, currentStep: 'Extracting page 4/10' }))).toEqual({
			kind: 'extracting',
			page: 4,
			total: 10
		});
		expect(stepOf(job({ ...base, currentStep: 'Reading page images 0/1' }))).toEqual({
			kind: 'reading_images',
			done: 0,
			total: 1
		});
		expect(stepOf(job({ ...base, currentStep: 'Opening the PDF' }))).toEqual({ kind: 'opening' });
		expect(stepOf(job({ ...base, currentStep: 'Reusing the extracted sentences' }))).toEqual({
			kind: 'reusing'
		});
	});

	it('words the ends from the status, not the stored text', () => {
		expect(stepOf(job({ status: 'completed', currentStep: 'whatever' }))).toEqual({ kind: 'done' });
		expect(stepOf(job({ status: 'completed_with_errors', failedChunks: 2 }))).toEqual({
			kind: 'done_with_errors',
			failed: 2
		});
		expect(stepOf(job({ status: 'cancelled' }))).toEqual({ kind: 'cancelled' });
		expect(stepOf(job({ status: 'queued' }))).toEqual({ kind: 'queued' });
		expect(stepOf(job({ status: 'failed', currentStep: 'Could not read the PDF' }))).toEqual({
			kind: 'unreadable'
		});
		expect(stepOf(job({ status: 'failed', currentStep: 'Opening the PDF' }))).toEqual({
			kind: 'failed'
		});
	});

	it('tells a password wait from any other pause', () => {
		expect(stepOf(job({ status: 'paused', needsPassword: true }))).toEqual({
			kind: 'waiting_password'
		});
		expect(stepOf(job({ status: 'paused' }))).toEqual({ kind: 'paused' });
	});
});

describe('skipped pages', () => {
	it('groups runs of pages by reason, as codes the card can translate', () => {
		const groups = skippedGroups([
			{ page: 4, reason: 'table of contents' },
			{ page: 1, reason: 'title page' },
			{ page: 3, reason: 'table of contents' },
			{ page: 9, reason: 'as you asked' },
			{ page: 12, reason: 'something new' }
		]);
		expect(groups).toEqual([
			{ reason: 'title', pages: '1' },
			{ reason: 'contents', pages: '3–4' },
			{ reason: 'reader', pages: '9' },
			{ reason: { text: 'something new' }, pages: '12' }
		]);
	});
});

describe('the tab title progress', () => {
	it('is absent when no book runs', () => {
		expect(runningProgress([job({ status: 'completed' }), job({ status: 'paused' })])).toBe(
			undefined
		);
	});

	it('names the one running book, by its title when the PDF has one', () => {
		expect(runningProgress([job({ processedChunks: 252, title: 'Germinal' })])).toEqual({
			fraction: 0.42,
			count: 1,
			name: 'Germinal'
		});
	});

	it('adds up the chunks of every running book and never says 100% before the end', () => {
		const a = job({ processedChunks: 99, totalChunks: 100 });
		const b = job({ processedChunks: 100, totalChunks: 100 });
		const c = job({ status: 'extracting', totalChunks: 0, processedChunks: 0 });
		expect(runningProgress([a, b, c])).toEqual({ fraction: 0.99, count: 3, name: undefined });
	});

	it('keeps an offline book among the running ones', () => {
		const offline = job({ currentStep: 'Offline — will resume', processedChunks: 300 });
		expect(runningProgress([offline])?.fraction).toBe(0.5);
	});
});
