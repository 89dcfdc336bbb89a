import { describe, expect, it } from 'vitest';
import {
	askToNotifyWhenDone,
	FinishWatch,
	shouldAskPermission,
	shouldNotify,
	type NotificationEnv,
	type PermissionState
} from '../../src/lib/jobs/finish-notifier.ts';
import type { JobStatus } from '../../src/lib/jobs/job-states.ts';

const job = (id: string, status: JobStatus) => ({ id, status });

/** A browser whose Notification permission and storage are plain fields. */
class FakeEnv implements NotificationEnv {
	requests = 0;
	asked: boolean;
	constructor(
		public state: PermissionState,
		askedBefore = false
	) {
		this.asked = askedBefore;
	}
	permission = () => this.state;
	requestPermission = async (): Promise<unknown> => {
		this.requests += 1;
		this.state = 'granted';
		return this.state;
	};
	askedBefore = () => this.asked;
	rememberAsked = () => {
		this.asked = true;
	};
}

const fakeEnv = (permission: PermissionState) => new FakeEnv(permission);

describe('which books just finished', () => {
	it('reports a book that goes from running to completed, once', () => {
		const watch = new FinishWatch();
		expect(watch.finished([job('a', 'processing')])).toEqual([]);
		expect(watch.finished([job('a', 'completed')])).toEqual([job('a', 'completed')]);
		// The same state seen again (another write to the job, another tab) is not news.
		expect(watch.finished([job('a', 'completed')])).toEqual([]);
	});

	it('ignores books that had already ended when the page opened', () => {
		const watch = new FinishWatch();
		expect(watch.finished([job('old', 'completed'), job('gone', 'failed')])).toEqual([]);
	});

	it('reports failures and completions with errors, not a cancel or a pause', () => {
		const watch = new FinishWatch();
		const live = ['w', 'x', 'y', 'z'].map((id) => job(id, 'processing'));
		watch.finished(live);
		const ended = [
			job('w', 'failed'),
			job('x', 'completed_with_errors'),
			job('y', 'cancelled'),
			job('z', 'paused')
		];
		expect(watch.finished(ended).map((j) => j.id)).toEqual(['w', 'x']);
	});

	it('reports a book again when a retry of its failed chunks finishes', () => {
		const watch = new FinishWatch();
		watch.finished([job('a', 'processing')]);
		expect(watch.finished([job('a', 'completed_with_errors')])).toHaveLength(1);
		expect(watch.finished([job('a', 'processing')])).toEqual([]);
		expect(watch.finished([job('a', 'completed')])).toHaveLength(1);
	});

	it('reports a book first seen queued in a later look', () => {
		const watch = new FinishWatch();
		watch.finished([]);
		watch.finished([job('new', 'queued')]);
		expect(watch.finished([job('new', 'completed')])).toHaveLength(1);
	});
});

describe('whether to notify', () => {
	it('notifies a hidden tab with permission, and only that', () => {
		expect(shouldNotify('hidden', 'granted')).toBe(true);
		expect(shouldNotify('visible', 'granted')).toBe(false);
		expect(shouldNotify('hidden', 'default')).toBe(false);
		expect(shouldNotify('hidden', 'denied')).toBe(false);
		expect(shouldNotify('hidden', 'unsupported')).toBe(false);
	});
});

describe('asking for permission', () => {
	it('asks only while the browser has never been asked', () => {
		expect(shouldAskPermission('default', false)).toBe(true);
		expect(shouldAskPermission('default', true)).toBe(false);
		expect(shouldAskPermission('granted', false)).toBe(false);
		expect(shouldAskPermission('denied', false)).toBe(false);
		expect(shouldAskPermission('unsupported', false)).toBe(false);
	});

	it('asks on the first start and never on the next ones, whatever the answer', async () => {
		const env = fakeEnv('default');
		env.requestPermission = async () => {
			env.requests += 1;
			return 'default'; // dismissed: the permission stays "default"
		};
		await askToNotifyWhenDone(env);
		await askToNotifyWhenDone(env);
		await askToNotifyWhenDone(env);
		expect(env.requests).toBe(1);
		expect(env.asked).toBe(true);
	});

	it('does not ask when permission was already given or refused', async () => {
		for (const state of ['granted', 'denied', 'unsupported'] as const) {
			const env = fakeEnv(state);
			await askToNotifyWhenDone(env);
			expect(env.requests, state).toBe(0);
		}
	});

	it('survives a browser that rejects the request', async () => {
		const env = fakeEnv('default');
		env.requestPermission = () => Promise.reject(new Error('no prompt here'));
		await expect(askToNotifyWhenDone(env)).resolves.toBeUndefined();
	});
});
