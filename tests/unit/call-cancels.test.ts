import { describe, expect, it } from 'vitest';
import { CallCancels } from '../../server/cluster/call-cancels.ts';

describe('CallCancels', () => {
	it("aborts one job's calls on a cancel, and remembers the cancel", async () => {
		const cancels = new CallCancels();
		const a = cancels.track('u', 'job-a');
		const b = cancels.track('u', 'job-b');
		expect(cancels.running).toBe(2);
		expect(await cancels.cancel('u', 'job-a')).toBe(1);
		expect(a.signal.aborted).toBe(true);
		expect(b.signal.aborted).toBe(false);
		expect(cancels.isCancelled('u', 'job-a')).toBe(true);
		b.done();
		expect(cancels.running).toBe(0);
	});

	it('once the relay stops, aborts the calls running and every call that starts after', () => {
		const cancels = new CallCancels();
		const running = cancels.track('u', 'job');
		cancels.abortAll();
		expect(running.signal.aborted).toBe(true);
		// A call still checking credits when the relay stopped must not reach Gemini after.
		const late = cancels.track('u', 'job');
		expect(late.signal.aborted).toBe(true);
		expect(cancels.running).toBe(0);
		late.done();
		// A shutdown is not a reader's cancel.
		expect(cancels.isCancelled('u', 'job')).toBe(false);
	});
});
