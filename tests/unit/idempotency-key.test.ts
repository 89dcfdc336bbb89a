import { describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../src/lib/shared/pipeline/idempotency-key.ts';

const items = [{ i: 3, text: 'Une phrase longue.' }];

describe('idempotencyKey', () => {
	it('is stable for the same job, chunk, sentences and settings', async () => {
		const a = await idempotencyKey('job', 2, items, { limit: 8 });
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(await idempotencyKey('job', 2, items, { limit: 8 })).toBe(a);
	});

	it('changes with any of them', async () => {
		const a = await idempotencyKey('job', 2, items, { limit: 8 });
		const others = await Promise.all([
			idempotencyKey('other', 2, items, { limit: 8 }),
			idempotencyKey('job', 3, items, { limit: 8 }),
			idempotencyKey('job', 2, [{ i: 3, text: 'Autre.' }], { limit: 8 }),
			idempotencyKey('job', 2, items, { limit: 9 }),
			idempotencyKey('job', 2, items, { limit: 8, tier: 'lite' })
		]);
		expect(new Set([a, ...others]).size).toBe(6);
	});
});
