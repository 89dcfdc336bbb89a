import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, makeClient, startTestStack, type TestStack } from './relay-fixtures.ts';

let stack: TestStack;

beforeAll(async () => {
	stack = await startTestStack({
		PRICE_FLASH_PER_1K_TOKENS: '0.03',
		PRICE_LITE_PER_1K_TOKENS: '0.01'
	});
});
afterAll(async () => {
	await stack.close();
});

describe('config.get', () => {
	it("gives each tier's price per 1,000 tokens from the relay's pricing", async () => {
		const config = await makeClient(stack.relay.url).config.get.query();
		expect(config.ai.enabled).toBe(true);
		if (!config.ai.enabled) return;
		expect(config.ai.tiers).toEqual(['flash', 'lite']);
		expect(config.ai.prices).toEqual({ flash: 0.03, lite: 0.01 });
		expect(JSON.stringify(config)).not.toContain(KEY);
	});

	it('follows a price set in the environment', async () => {
		const other = await startTestStack({ PRICE_LITE_PER_1K_TOKENS: '0.015' });
		try {
			const config = await makeClient(other.relay.url).config.get.query();
			expect(config.ai.enabled && config.ai.prices.lite).toBe(0.015);
		} finally {
			await other.close();
		}
	});
});
