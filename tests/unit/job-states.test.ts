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
