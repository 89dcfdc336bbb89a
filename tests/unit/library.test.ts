import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lib/db/db.ts';
import {
	bookTitle,
	estimateTextBytes,
	ROW_OVERHEAD_BYTES,
	summarizeBooks,
	textSignature,
	totalStorage
} from '../../src/lib/library/book-summary.ts';
import { formatBytes } from '../../src/lib/library/display-format.ts';
import { foldText, matchesQuery, searchBooks } from '../../src/lib/library/library-search.ts';

/** A finished mechanical job; `over` changes any field. */
function job(over: Partial<Job>): Job {
	return {
		id: 'j',
		fileHash: 'h',
		name: 'file-name',
		settings: { limit: 8, mode: 'mechanical' },
		status: 'completed',
		progressPercent: 100,
		currentStep: 'Done',
		totalChunks: 1,
		processedChunks: 1,
		failedChunks: 0,
		createdAt: 1,
		...over
	};
}

const book = (title: string, createdAt: number, author?: string) => ({
	title,
	author,
	job: { createdAt }
});

describe('library search', () => {
	it('finds a title with or without its accents, in any case', () => {
		expect(foldText('Élève à l’ŒUVRE')).toBe('eleve a l’œuvre');
		expect(matchesQuery({ title: "L'Élève" }, 'eleve')).toBe(true);
		expect(matchesQuery({ title: "L'eleve" }, 'ÉLÈVE')).toBe(true);
		expect(matchesQuery({ title: 'Germinal' }, 'eleve')).toBe(false);
	});

	it('matches every word of the query across title and author', () => {
		const b = { title: 'Madame Bovary', author: 'Gustave Flaubert' };
		expect(matchesQuery(b, 'bovary flaubert')).toBe(true);
		expect(matchesQuery(b, 'bovary zola')).toBe(false);
		expect(matchesQuery(b, '   ')).toBe(true);
	});

	it('sorts newest first by date, and alphabetically by title ignoring accents and case', () => {
		const books = [book('zola', 2), book('Émile', 3), book('Balzac', 1)];
		expect(searchBooks(books, '', 'date', 'fr').map((b) => b.title)).toEqual([
			'Émile',
			'zola',
			'Balzac'
		]);
		expect(searchBooks(books, '', 'title', 'fr').map((b) => b.title)).toEqual([
			'Balzac',
			'Émile',
			'zola'
		]);
	});

	it('leaves the list it was given in its order', () => {
		const books = [book('b', 1), book('a', 2)];
		searchBooks(books, '', 'title', 'en');
		expect(books.map((b) => b.title)).toEqual(['b', 'a']);
	});
});

describe('book summaries', () => {
	it('shows the metadata title, or the file name when it has none', () => {
		expect(bookTitle({ title: ' Germinal ', name: 'germinal-2' })).toBe('Germinal');
		expect(bookTitle({ title: '  ', name: 'germinal-2' })).toBe('germinal-2');
		expect(bookTitle({ name: 'germinal-2' })).toBe('germinal-2');
	});

	it('counts a PDF once, with the oldest entry that uses it', () => {
		const jobs = [
			job({ id: 'rerun', fileHash: 'a', createdAt: 5, rerunOf: 'first' }),
			job({ id: 'first', fileHash: 'a', createdAt: 2 }),
			job({ id: 'other', fileHash: 'b', createdAt: 3 })
		];
		const sizes = new Map([
			['a', 1000],
			['b', 300]
		]);
		const text = new Map([
			['rerun', 50],
			['first', 40],
			['other', 10]
		]);
		const [rerun, first, other] = summarizeBooks(jobs, sizes, text);
		expect(first).toMatchObject({ pdfBytes: 1000, storageBytes: 1040, pdfCountedElsewhere: false });
		expect(rerun).toMatchObject({ pdfBytes: 0, storageBytes: 50, pdfCountedElsewhere: true });
		expect(other.storageBytes).toBe(310);
		expect(totalStorage([rerun, first, other])).toBe(1400);
	});

	it('leaves the storage undefined while the text is not counted, but still totals the PDF', () => {
		const [b] = summarizeBooks([job({})], new Map([['h', 700]]), new Map());
		expect(b.storageBytes).toBeUndefined();
		expect(totalStorage([b])).toBe(700);
	});

	it('estimates the text from its characters and a cost per row, edits included', () => {
		const bytes = estimateTextBytes(
			[{ text: 'Il partit.' }],
			[{ sentences: ['Il part.'], original: ['Il partit.'] }]
		);
		expect(bytes).toBe(10 + 8 + 10 + 2 * ROW_OVERHEAD_BYTES);
	});

	it('counts a running book again only when its status changes, a stopped one after any chunk', () => {
		const running = job({ status: 'processing', processedChunks: 1 });
		expect(textSignature(running)).toBe(textSignature({ ...running, processedChunks: 2 }));
		const done = job({ status: 'completed_with_errors' });
		expect(textSignature(done)).not.toBe(textSignature({ ...done, processedChunks: 2 }));
	});
});

describe('formatBytes', () => {
	it('writes sizes with decimal units in the reader’s language', () => {
		expect(formatBytes(512, 'en')).toBe('0.5 kB');
		expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
		expect(formatBytes(1_234_567, 'fr')).toMatch(/^1,2\s?Mo$/u);
		expect(formatBytes(340_000, 'en')).toBe('340 kB');
	});
});
