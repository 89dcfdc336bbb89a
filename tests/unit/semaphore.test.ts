import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/lib/jobs/semaphore.ts';

describe('Semaphore', () => {
	it('never lets more than the limit run at once, and serves waiters in order', async () => {
		const sem = new Semaphore(2);
		let running = 0;
		let peak = 0;
		const order: number[] = [];
		await Promise.all(
			Array.from({ length: 8 }, async (_, k) => {
				const release = await sem.acquire();
				order.push(k);
				running += 1;
				peak = Math.max(peak, running);
				await new Promise((r) => setTimeout(r, 5));
				running -= 1;
				release();
			})
		);
		expect(peak).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(sem.active).toBe(0);
	});

	it('drops a waiter whose signal aborts, without losing the slot', async () => {
		const sem = new Semaphore(1);
		const release = await sem.acquire();
		const c = new AbortController();
		const waiting = sem.acquire(c.signal);
		c.abort();
		await expect(waiting).rejects.toThrow();
		release();
		const again = await sem.acquire();
		expect(sem.active).toBe(1);
		again();
		expect(sem.active).toBe(0);
	});

	it('ignores a second release', async () => {
		const sem = new Semaphore(1);
		const release = await sem.acquire();
		release();
		release();
		expect(sem.active).toBe(0);
	});
});

describe('Semaphore whose limit changes', () => {
	it('lets a waiter in at once when the limit goes up', async () => {
		const sem = new Semaphore(1);
		await sem.acquire();
		let granted = false;
		const waiting = sem.acquire().then(() => (granted = true));
		await Promise.resolve();
		expect(granted).toBe(false);
		sem.limit = 2;
		await waiting;
		expect(sem.active).toBe(2);
	});

	it('holds waiters back until enough holders leave when the limit goes down', async () => {
		const sem = new Semaphore(4);
		const held = await Promise.all([sem.acquire(), sem.acquire(), sem.acquire()]);
		sem.limit = 2;
		let granted = false;
		const waiting = sem.acquire().then((release) => {
			granted = true;
			return release;
		});
		held[0]();
		await new Promise((r) => setTimeout(r, 0));
		expect(granted).toBe(false);
		held[1]();
		const release = await waiting;
		expect(sem.active).toBe(2);
		release();
		held[2]();
		expect(sem.active).toBe(0);
	});
});
