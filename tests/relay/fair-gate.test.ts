import { describe, expect, it } from 'vitest';
import { FairGate, type GatePermit } from '../../server/limits/fair-gate.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the fair Gemini gate', () => {
	it('serves waiting users in turn, not in arrival order', async () => {
		const gate = new FairGate(1, { maxBackoffMs: 1000 });
		const first = await gate.acquire('a');
		const order: string[] = [];
		const permits: GatePermit[] = [];
		const wait = (user: string, label: string) =>
			gate.acquire(user).then((p) => {
				order.push(label);
				permits.push(p);
			});
		const all = [
			wait('a', 'a2'),
			wait('a', 'a3'),
			wait('a', 'a4'),
			wait('b', 'b1'),
			wait('c', 'c1')
		];
		expect(gate.stats()).toMatchObject({ active: 1, queued: 5 });
		first.release();
		for (let k = 0; k < 5; k++) {
			await tick();
			permits.shift()?.release();
		}
		await Promise.all(all);
		expect(order).toEqual(['a2', 'b1', 'c1', 'a3', 'a4']);
		expect(gate.stats()).toMatchObject({ active: 0, queued: 0 });
	});

	it('drops a waiter whose caller gives up', async () => {
		const gate = new FairGate(1, { maxBackoffMs: 1000 });
		const held = await gate.acquire('a');
		const controller = new AbortController();
		const waiting = gate.acquire('b', controller.signal);
		controller.abort();
		await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
		expect(gate.stats().queued).toBe(0);
		held.release();
		expect(gate.stats().active).toBe(0);
	});

	it('halves its width and pauses on a Gemini 429, then widens again on successes', async () => {
		const gate = new FairGate(4, { maxBackoffMs: 150 });
		const p = await gate.acquire('a');
		// RetryInfo asked for 10 s; the cap keeps the pause at 150 ms.
		p.release({ rateLimitedMs: 10_000 });
		expect(gate.stats().capacity).toBe(2);
		expect(gate.stats().pausedForMs).toBeGreaterThan(100);
		expect(gate.stats().pausedForMs).toBeLessThanOrEqual(150);
		const started = performance.now();
		const next = await gate.acquire('b');
		expect(performance.now() - started).toBeGreaterThanOrEqual(120);
		next.release();
		for (let k = 0; k < 6; k++) (await gate.acquire('b')).release();
		expect(gate.stats().capacity).toBe(4);
		gate.close();
	});
});

describe('work-conserving fair share (in process)', () => {
	it('gives a reader alone the whole width at once', async () => {
		const gate = new FairGate(8, { maxBackoffMs: 1000 });
		const permits = await Promise.all(Array.from({ length: 8 }, () => gate.acquire('alone')));
		expect(gate.stats()).toMatchObject({ active: 8, queued: 0 });
		const ninth = gate.acquire('alone');
		await tick();
		expect(gate.stats().queued).toBe(1);
		permits[0].release();
		permits.push(await ninth);
		for (const p of permits.slice(1)) p.release();
		expect(gate.stats()).toMatchObject({ active: 0, queued: 0 });
	});

	it('shares the width round-robin and never leaves a slot free while someone waits', async () => {
		const gate = new FairGate(3, { maxBackoffMs: 1000 });
		const held = await Promise.all([gate.acquire('a'), gate.acquire('a'), gate.acquire('a')]);
		const order: string[] = [];
		const running: GatePermit[] = [];
		const waits = ['a', 'a', 'a', 'b', 'b', 'c'].map((user) =>
			gate.acquire(user).then((p) => {
				order.push(user);
				running.push(p);
			})
		);
		for (const p of held) {
			p.release();
			await tick();
		}
		while (running.length > 0 || gate.stats().queued > 0) {
			const s = gate.stats();
			if (s.queued > 0) expect(s.active).toBe(s.capacity);
			running.shift()?.release();
			await tick();
		}
		await Promise.all(waits);
		expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'a']);
	});
});
