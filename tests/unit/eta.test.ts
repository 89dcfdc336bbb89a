import { describe, expect, it } from 'vitest';
import { roundDuration, secondsLeft, type EtaInput } from '../../src/lib/jobs/eta.ts';

const T0 = 1_700_000_000_000;

/** A book of 100 chunks started at T0, running, with overrides. */
function input(over: Partial<EtaInput> = {}): EtaInput {
	return { running: true, done: 10, total: 100, startedAt: T0, now: T0 + 10_000, ...over };
}

describe('time left', () => {
	it('has no estimate before the first chunk is done', () => {
		expect(secondsLeft(input({ done: 0 }))).toBeUndefined();
	});

	it('extrapolates from the start: 10 chunks in 10 s leave 90 s for 90 chunks', () => {
		expect(secondsLeft(input())).toBe(90);
	});

	it('shows no countdown while the book is paused or offline', () => {
		expect(secondsLeft(input({ running: false }))).toBeUndefined();
	});

	it('has nothing to count down once every chunk is done', () => {
		expect(secondsLeft(input({ done: 100 }))).toBeUndefined();
	});

	it('measures from what this tab saw once a chunk finished after it, leaving out the extraction', () => {
		// Extraction took 20 s; since the tab saw 0 done at T0+20 s, 10 chunks took 10 s.
		const seen = { at: T0 + 20_000, done: 0 };
		const now = T0 + 30_000;
		expect(secondsLeft(input({ seen, now, lastChangeAt: now }))).toBe(90);
		// Without `seen`, the extraction would count as chunk time: three times slower.
		expect(secondsLeft(input({ now, lastChangeAt: now }))).toBe(270);
	});

	it('falls back to the start while no chunk has finished since this tab looked', () => {
		const seen = { at: T0 + 10_000, done: 10 };
		expect(secondsLeft(input({ seen }))).toBe(90);
	});

	it('counts down between chunks instead of growing', () => {
		const lastChangeAt = T0 + 10_000;
		expect(secondsLeft(input({ lastChangeAt, now: lastChangeAt + 5_000 }))).toBe(85);
	});

	it('never reaches zero while chunks remain, even when a chunk is late', () => {
		const lastChangeAt = T0 + 10_000;
		expect(secondsLeft(input({ lastChangeAt, now: lastChangeAt + 500_000 }))).toBe(1);
	});

	it('has no estimate without a start time or a usable rate', () => {
		expect(secondsLeft(input({ startedAt: undefined }))).toBeUndefined();
		expect(secondsLeft(input({ now: T0 }))).toBeUndefined();
	});
});

describe('rounding the time left', () => {
	it('rounds seconds up to 5 under a minute', () => {
		expect(roundDuration(1)).toEqual({ unit: 'seconds', seconds: 5 });
		expect(roundDuration(41)).toEqual({ unit: 'seconds', seconds: 45 });
	});

	it('rounds minutes up, so 1 min 50 s reads as 2 minutes', () => {
		expect(roundDuration(110)).toEqual({ unit: 'minutes', minutes: 2 });
		expect(roundDuration(58)).toEqual({ unit: 'minutes', minutes: 1 });
	});

	it('gives hours and minutes to 5 minutes beyond an hour', () => {
		expect(roundDuration(3600 + 7 * 60)).toEqual({ unit: 'hours', hours: 1, minutes: 10 });
		expect(roundDuration(2 * 3600)).toEqual({ unit: 'hours', hours: 2, minutes: 0 });
	});
});
