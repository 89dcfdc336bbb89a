import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisService } from '../services/redis.ts';
import { startTestStack, type TestStack } from './relay-fixtures.ts';

let redis: RedisService;
let stack: TestStack;

beforeAll(async () => {
	redis = await startRedis();
	stack = await startTestStack({ REDIS_URL: redis.url, RELAY_ID: 'relay-under-test' });
});
afterAll(async () => {
	await stack.close();
	await redis.stop();
});

describe('a relay on Redis reports itself', () => {
	it('labels every /metrics series with its relay id', async () => {
		const body = await (await fetch(`${stack.relay.url}/metrics`)).text();
		expect(body).toMatch(/relay_gemini_capacity\{relay="relay-under-test"\} \d+/);
	});

	it('says in /healthz that Redis answers, and turns unhealthy (503) when it stops', async () => {
		const healthy = await fetch(`${stack.relay.url}/healthz`);
		expect(healthy.status).toBe(200);
		expect(await stack.relay.deps.redis!.ping()).toBe(true);
		await redis.stop();
		const sick = await fetch(`${stack.relay.url}/healthz`);
		expect(sick.status).toBe(503);
	});
});
