import { Dexie, type EntityTable } from 'dexie';
import type { ErrorKind } from '../i18n/error-kind.ts';
import type { JobStatus } from '../jobs/job-states.ts';
import type { ResultSource, Sentence, Usage } from '../shared/pipeline/types.ts';
import { blocksOfRows, toResultBlocks, toSentenceBlocks } from './row-blocks.ts';

/** A PDF, stored once per content hash. */
export interface StoredFile {
	hash: string;
	blob: Blob;
	name: string;
	size: number;
	addedAt: number;
}

/** What the user chose for a job. */
export interface JobSettings {
	limit: number;
	mode: 'ai' | 'mechanical';
	tier?: string;
	/**
	 * 1-based pages the reader chose to skip. Absent: the detected front and back matter is
	 * skipped (src/lib/shared/pipeline/page-selection.ts); [] keeps every page.
	 */
	excludePages?: number[];
}

export interface Job {
	id: string;
	fileHash: string;
	/** The file name without .pdf: the title shown when the PDF's metadata has none. */
	name: string;
	/** From the PDF's metadata, when it has them. */
	title?: string;
	author?: string;
	/** The job this one was run again from: its sentences are copied, not extracted again. */
	rerunOf?: string;
	/** How many sentences the book has, once extracted. */
	sentenceCount?: number;
	settings: JobSettings;
	status: JobStatus;
	progressPercent: number;
	currentStep: string;
	pageCount?: number;
	totalChunks: number;
	processedChunks: number;
	failedChunks: number;
	createdAt: number;
	startedAt?: number;
	finishedAt?: number;
	cancelledAt?: number;
	processingSeconds?: number;
	lastError?: string;
	/** Why it stopped, as a code the page words in the reader's language (lastError is English). */
	lastErrorKind?: ErrorKind;
	/** The PDF is encrypted and the reader must type its password (kept in memory only). */
	needsPassword?: boolean;
	/** Credits the relay reserved for this job (its estimate, topped up on resume). */
	creditsEstimate?: number;
	/** Credits the job cost, once it ended. */
	creditsCharged?: number;
	/** Pages left out of the job (front and back matter, or the reader's list), and why. */
	skippedPages?: { page: number; reason: string }[];
	/** Pages that gave no text and were not skipped: scanned, or without a text layer. */
	unreadablePages?: number[];
	/** Those of `unreadablePages` whose text layer decodes to garbage (a font with no map). */
	garbledPages?: number[];
}

/** A job's sentence as its readers see it (sentence-store.ts reads them out of blocks). */
export interface StoredSentence extends Sentence {
	jobId: string;
}

/**
 * Up to BLOCK_SIZE consecutive sentences of a job in one row (row-blocks.ts): a 600-page
 * book is 40 rows, not 10,000. In Chromium each IndexedDB request costs about a tenth of a
 * millisecond whatever its size, so one row per sentence made storing and reading a book's
 * text take seconds. Results are stored the same way.
 */
export interface SentenceBlock {
	jobId: string;
	block: number;
	sentences: Sentence[];
}

export type ChunkStatus = 'pending' | 'running' | 'done' | 'failed';

export interface StoredChunk {
	jobId: string;
	index: number;
	sentenceIndexes: number[];
	status: ChunkStatus;
	attempts: number;
	nextAttemptAt?: number;
	lastError?: string;
	idempotencyKey?: string;
	usage?: Usage;
}

export interface StoredResult {
	jobId: string;
	sentenceIndex: number;
	sentences: string[];
	source: ResultSource;
	/** The reader changed `sentences` by hand. */
	edited: boolean;
	/** What the model or the splitter gave, kept at the first edit so it can be restored. */
	original?: string[];
}

/** A result as its block holds it (result-store.ts adds the job id back on reading). */
export type ResultEntry = Omit<StoredResult, 'jobId'>;

/** The results of up to BLOCK_SIZE consecutive sentences of a job, in one row. */
export interface ResultBlock {
	jobId: string;
	block: number;
	results: ResultEntry[];
}

/** A file shared to the app or opened with it, parked until the reader presses Start. */
export interface PendingShare {
	id: number;
	blob: Blob;
	name: string;
	size: number;
	receivedAt: number;
}

/** The app's one IndexedDB database; this class owns the schema history. */
export class NovelDb extends Dexie {
	files!: EntityTable<StoredFile, 'hash'>;
	jobs!: EntityTable<Job, 'id'>;
	sentenceBlocks!: Dexie.Table<SentenceBlock, [string, number]>;
	chunks!: Dexie.Table<StoredChunk, [string, number]>;
	resultBlocks!: Dexie.Table<ResultBlock, [string, number]>;
	shares!: EntityTable<PendingShare, 'id'>;

	constructor(name = 'french-novel-tool') {
		super(name);
		this.version(1).stores({
			files: 'hash',
			jobs: 'id, status, createdAt, fileHash',
			sentences: '[jobId+index], jobId',
			chunks: '[jobId+index], jobId, [jobId+status]',
			results: '[jobId+sentenceIndex], jobId'
		});
		// The service worker parks share-target files here; the share page turns them into jobs.
		this.version(2).stores({ shares: '++id' });
		// The library finds the runs made from a book (booleans such as `edited` are not keys).
		this.version(3).stores({ jobs: 'id, status, createdAt, fileHash, rerunOf' });
		// Sentences and results move into blocks (see SentenceBlock); the old rows are copied,
		// then dropped.
		this.version(4)
			.stores({ sentenceBlocks: '[jobId+block], jobId', resultBlocks: '[jobId+block], jobId' })
			.upgrade(async (tx) => {
				const sentences: StoredSentence[] = await tx.table('sentences').toArray();
				await tx.table('sentenceBlocks').bulkAdd(blocksOfRows(sentences, toSentenceBlocks));
				const results: StoredResult[] = await tx.table('results').toArray();
				await tx.table('resultBlocks').bulkAdd(blocksOfRows(results, toResultBlocks));
			});
		this.version(5).stores({ sentences: null, results: null });
	}
}

/** The single instance the app uses. */
export const db = new NovelDb();
