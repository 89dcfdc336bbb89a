/**
 * How long a running book has left, from the chunks it has done so far. Pure: the caller
 * brings the clock and what it saw, so the estimate is the same in every tab and in tests.
 */

/** A count of finished chunks at a moment (ms since the epoch). */
export interface ChunkSample {
	at: number;
	done: number;
}

/** What the estimate is made from. */
export interface EtaInput {
	/** True while chunks are being sent: not paused, not offline, not ended, not extracting. */
	running: boolean;
	/** Chunks finished (done or failed for good) and the book's total. */
	done: number;
	total: number;
	/** When the job started (`Job.startedAt`): the rate's origin until `seen` is better. */
	startedAt?: number;
	/**
	 * The first count this tab saw while the book ran. Once a chunk has finished after it, the
	 * rate is measured from here: that leaves out the extraction and any earlier offline spell.
	 */
	seen?: ChunkSample;
	/** When `done` last went up, as far as this tab knows; the countdown runs from there. */
	lastChangeAt?: number;
	now: number;
}

/**
 * Seconds left, or undefined when there is nothing honest to show: before the first chunk,
 * while the book is paused or offline, or when it has nothing left to do.
 */
export function secondsLeft(input: EtaInput): number | undefined {
	const { running, done, total, now } = input;
	if (!running || done <= 0 || total <= 0 || done >= total) return undefined;
	const origin = rateOrigin(input);
	if (!origin) return undefined;
	const lastAt = Math.min(now, Math.max(input.lastChangeAt ?? now, origin.at));
	const msPerChunk = (lastAt - origin.at) / (done - origin.done);
	if (!(msPerChunk > 0)) return undefined;
	const msLeft = (total - done) * msPerChunk - (now - lastAt);
	// A chunk that takes longer than the average does not make the countdown reach zero early.
	return Math.max(1, Math.round(msLeft / 1000));
}

function rateOrigin({ done, startedAt, seen }: EtaInput): ChunkSample | undefined {
	if (seen && done > seen.done) return seen;
	return startedAt === undefined ? undefined : { at: startedAt, done: 0 };
}

/** A duration cut to what a reader cares about: hours and minutes, minutes, or seconds. */
export type RoundedDuration =
	| { unit: 'seconds'; seconds: number }
	| { unit: 'minutes'; minutes: number }
	| { unit: 'hours'; hours: number; minutes: number };

/**
 * Rounds a countdown so it does not flicker: under a minute to 5 s, under an hour to the
 * minute (rounded up, so "1 minute" is never shown for 1 min 50 s), beyond to 5 minutes.
 */
export function roundDuration(seconds: number): RoundedDuration {
	const s = Math.max(0, seconds);
	if (s <= 55) return { unit: 'seconds', seconds: Math.max(5, Math.ceil(s / 5) * 5) };
	if (s < 3600) return { unit: 'minutes', minutes: Math.min(60, Math.ceil(s / 60)) };
	const total = Math.ceil(s / 300) * 5;
	return { unit: 'hours', hours: Math.floor(total / 60), minutes: total % 60 };
}
