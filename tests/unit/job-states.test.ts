import { describe, expect, it } from 'vitest';
import {
	canTransition,
	isResumable,
	isTerminal,
	type JobStatus
} from '../../src/lib/jobs/job-states.ts';

const ALL: JobStatus[] = [
	'queued',
	'extracting',
	'processing',
	'paused',
	'completed',
	'completed_with_errors',
	'failed',
	'cancelled'
];

describe('job states', () => {
	it('never moves a completed, failed or cancelled job', () => {
		for (const from of ['completed', 'failed', 'cancelled'] as const) {
			for (const to of ALL.filter((s) => s !== from)) expect(canTransition(from, to)).toBe(false);
		}
	});

	it('lets a job with failed chunks go back to processing to retry them', () => {
		expect(canTransition('completed_with_errors', 'processing')).toBe(true);
		expect(canTransition('completed_with_errors', 'cancelled')).toBe(false);
	});

	it('lets every live job be cancelled or paused', () => {
		for (const from of ['queued', 'extracting', 'processing'] as const) {
			expect(canTransition(from, 'cancelled')).toBe(true);
			expect(canTransition(from, 'paused')).toBe(true);
		}
	});

	it('does not finish a job that never processed', () => {
		expect(canTransition('queued', 'completed')).toBe(false);
		expect(canTransition('extracting', 'completed')).toBe(false);
	});

	it('resumes queued, extracting and processing jobs only', () => {
		expect(ALL.filter(isResumable)).toEqual(['queued', 'extracting', 'processing']);
		expect(ALL.filter(isTerminal)).toEqual([
			'completed',
			'completed_with_errors',
			'failed',
			'cancelled'
		]);
	});
});

describe('job states, paused and repeated moves', () => {
	it('lets a paused job go back to work or end, but never complete without running', () => {
		for (const to of ['queued', 'extracting', 'processing', 'cancelled', 'failed'] as const) {
			expect(canTransition('paused', to)).toBe(true);
		}
		expect(canTransition('paused', 'completed')).toBe(false);
		expect(canTransition('paused', 'completed_with_errors')).toBe(false);
	});

	it('lets a live job be written again in its own state, and a finished one not even that', () => {
		for (const s of ALL) expect(canTransition(s, s)).toBe(!isTerminal(s));
	});

	it('does not resume a paused job on its own: the reader resumes it', () => {
		expect(isResumable('paused')).toBe(false);
	});
});
