/**
 * Credits promised to a job's chunks while they run, so that parallel chunks of one job are
 * each covered: the chunk check reserves enough for all of them, not just for itself.
 * In memory, per relay: several relays behind a balancer each cover their own calls.
 */
export class ChunkHolds {
	#byJob = new Map<string, number>();

	/** Holds `millicredits` for a chunk of `job`; call the returned function when it ends. */
	hold(job: string, millicredits: number): () => void {
		this.#byJob.set(job, (this.#byJob.get(job) ?? 0) + millicredits);
		let done = false;
		return () => {
			if (done) return;
			done = true;
			const left = (this.#byJob.get(job) ?? 0) - millicredits;
			if (left > 0) this.#byJob.set(job, left);
			else this.#byJob.delete(job);
		};
	}

	/** What the job's running chunks need in all, in millicredits. */
	total(job: string): number {
		return this.#byJob.get(job) ?? 0;
	}
}
