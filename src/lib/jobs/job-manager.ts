import { liveQuery } from 'dexie';
import type { JobSettings, NovelDb } from '../db/db.ts';
import { intakeError } from '../i18n/error-kind.ts';
import { checkIntake } from '../shared/pipeline/intake.ts';
import { createRerun, deleteBooks } from './book-actions.ts';
import { waitForConnection, sleep } from './connectivity.ts';
import type { PdfPort, RelayPort } from './job-runner.ts';
import { isResumable, isTerminal } from './job-states.ts';
import { createJob, retryFailedChunks, storeFile, transitionJob } from './job-store.ts';
import { releaseCredits, type CreditsPortLike } from './job-credits.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import { Semaphore } from './semaphore.ts';

/** A first chunk this small puts the first rewritten sentences on screen within seconds. */
const FIRST_CHUNK_ITEMS = 4;

/** Knobs the relay advertises. */
export interface RunLimits {
	concurrency: number;
	maxItems: number;
	maxChars: number;
}

/**
 * Starts, resumes and cancels jobs in this tab. A job runs in at most one tab at a time:
 * the runner holds the Web Lock `job:<id>`, and other tabs only watch the database.
 */
export class JobManager {
	#controllers = new Map<string, AbortController>();
	// Each run of this tab until it returns, so a delete can wait for the cancelled run to stop.
	#runs = new Map<string, Promise<void>>();
	// Passwords stay in memory: an encrypted book's password is never written to IndexedDB.
	#passwords = new Map<string, string>();
	// One pool of relay calls for every job of this tab (several books can be queued).
	#slots = new Semaphore(4);

	constructor(
		private readonly db: NovelDb,
		private readonly pdf: PdfPort,
		private readonly relay: RelayPort,
		private readonly limits: () => RunLimits,
		private readonly credits?: CreditsPortLike
	) {}

	/** Checks and stores a file, creates its job and starts it. Throws an Error with a reader's message. */
	async start(file: File, settings: JobSettings): Promise<string> {
		const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
		const problem = checkIntake(head, file.size);
		if (problem) throw intakeError(file.name, problem);
		this.pdf.warm?.(file.size);
		const hash = await storeFile(this.db, file, file.name);
		const id = await createJob(this.db, hash, file.name.replace(/\.pdf$/i, ''), settings);
		void this.persistStorage().catch(() => false);
		void this.run(id);
		return id;
	}

	/**
	 * Runs a job under its lock; returns when it ends, pauses or is cancelled. When another tab
	 * holds the lock, this tab waits in line, so it takes over if that tab is closed.
	 */
	async run(jobId: string): Promise<void> {
		if (this.#controllers.has(jobId)) return;
		const controller = new AbortController();
		this.#controllers.set(jobId, controller);
		const done = this.#runLocked(jobId, controller);
		this.#runs.set(jobId, done);
		try {
			await done;
		} finally {
			this.#runs.delete(jobId);
		}
	}

	async #runLocked(jobId: string, controller: AbortController): Promise<void> {
		// Another tab may cancel or pause the job: stop this tab's requests at once when it does.
		const watch = liveQuery(() => this.db.jobs.get(jobId)).subscribe({
			next: (job) => {
				if (!job || isTerminal(job.status) || job.status === 'paused') controller.abort();
			},
			error: () => controller.abort()
		});
		try {
			// The runner (segmentation, planning, splitting) loads with the first job, not the page.
			const { runJob } = await import('./job-runner.ts');
			const body = () => runJob(this.#deps(), jobId, controller.signal);
			if (typeof navigator !== 'undefined' && navigator.locks) {
				await navigator.locks
					.request(`job:${jobId}`, { signal: controller.signal }, body)
					.catch((err: unknown) => {
						if (!controller.signal.aborted) throw err;
					});
			} else {
				await body();
			}
		} finally {
			watch.unsubscribe();
			this.#controllers.delete(jobId);
		}
	}

	/**
	 * Deletes books: a running one is cancelled first and its run awaited, so no late write
	 * lands after its rows are gone. Its PDF stays while another entry uses it.
	 */
	async deleteBooks(jobIds: readonly string[]): Promise<void> {
		const jobs = await this.db.jobs.bulkGet([...jobIds]);
		for (const job of jobs) {
			if (!job || isTerminal(job.status)) continue;
			await this.cancel(job.id);
			await this.#runs.get(job.id)?.catch(() => undefined);
		}
		await deleteBooks(this.db, jobIds);
	}

	/** Runs a stored book again with other settings, as a new entry; returns its id. */
	async rerun(
		fromJobId: string,
		settings: Pick<JobSettings, 'limit' | 'mode' | 'tier'>
	): Promise<string> {
		const id = await createRerun(this.db, fromJobId, settings);
		void this.persistStorage().catch(() => false);
		void this.run(id);
		return id;
	}

	/** Sends the failed chunks of a finished job again. */
	async retryFailed(jobId: string): Promise<void> {
		if (await retryFailedChunks(this.db, jobId)) await this.run(jobId);
	}

	/** Asks the browser not to evict the books (Safari deletes idle sites' data otherwise). */
	async persistStorage(): Promise<boolean> {
		if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
		return (await navigator.storage.persisted()) || navigator.storage.persist();
	}

	/** Picks up every job a closed tab or a reload left unfinished. */
	async resumeAll(): Promise<void> {
		const jobs = await this.db.jobs.toArray();
		await Promise.all(jobs.filter((j) => isResumable(j.status)).map((j) => this.run(j.id)));
	}

	/** Continues a paused job; `password` opens an encrypted PDF. */
	async resume(jobId: string, password?: string): Promise<void> {
		const job = await this.db.jobs.get(jobId);
		if (!job || job.status !== 'paused') return;
		if (password !== undefined) this.#passwords.set(jobId, password);
		if (job.needsPassword && !this.#passwords.has(jobId)) return;
		const hasPlan = job.totalChunks > 0;
		await transitionJob(this.db, jobId, hasPlan ? 'processing' : 'queued', {
			lastError: undefined,
			lastErrorKind: undefined,
			needsPassword: false
		});
		await this.run(jobId);
	}

	/** Cancels a job: stops its requests at once, and nothing finishing later can change it. */
	async cancel(jobId: string): Promise<void> {
		await transitionJob(this.db, jobId, 'cancelled', {
			cancelledAt: Date.now(),
			finishedAt: Date.now(),
			currentStep: 'Cancelled'
		});
		this.#controllers.get(jobId)?.abort();
		const job = await this.db.jobs.get(jobId);
		// Offline, the calls could not be stopped anyway; the release below still ends the job.
		if (job?.settings.mode === 'ai') await this.relay.cancel?.(jobId).catch(() => undefined);
		if (this.credits && job?.settings.mode === 'ai' && job.status === 'cancelled') {
			await releaseCredits(this.db, this.credits, jobId);
		}
	}

	#deps() {
		const limits = this.limits();
		this.#slots.limit = limits.concurrency;
		return {
			db: this.db,
			pdf: this.pdf,
			relay: this.relay,
			concurrency: limits.concurrency,
			slots: {
				// A resume on app start can begin before the relay's config arrives: read the
				// advertised concurrency at every call, not once per run.
				acquire: (signal?: AbortSignal) => {
					this.#slots.limit = this.limits().concurrency;
					return this.#slots.acquire(signal);
				}
			},
			budget: {
				maxItems: limits.maxItems,
				maxChars: limits.maxChars,
				firstItems: FIRST_CHUNK_ITEMS
			},
			retry: DEFAULT_RETRY_POLICY,
			credits: this.credits,
			sleep,
			waitForConnection,
			passwordFor: (jobId: string) => this.#passwords.get(jobId)
		};
	}
}
