import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, type RedisConnection } from '../../server/cluster/redis-connection.ts';
import type { Gate, GatePermit } from '../../server/limits/fair-gate.ts';
import { createRedisFairGate, type RedisGateOptions } from '../../server/limits/redis-fair-gate.ts';
import { startRedis, type RedisService } from '../services/redis.ts';

let redis: RedisService;
const connections: RedisConnection[] = [];
const gates: Gate[] = [];
let prefixSeq = 0;

beforeAll(async () => {
	redis = await startRedis();
});
afterAll(async () => {
	for (const g of gates) g.close();
	for (const c of connections) await c.close();
	await redis.stop();
});

/** Two relays' gates on one Redis (or more), each with its own connection, sharing one key space. */
async function relays(n: number, opts: Partial<RedisGateOptions> = {}): Promise<Gate[]> {
	const prefix = `test${++prefixSeq}:`;
	const made: Gate[] = [];
	for (let k = 0; k < n; k++) {
		const conn = await openRedis(redis.url);
		connections.push(conn);
		const gate = await createRedisFairGate(conn, {
			maxCapacity: 4,
			maxBackoffMs: 1000,
			relayId: `relay-${k}`,
			prefix,
			tickMs: 50,
			...opts
		});
		gates.push(gate);
		made.push(gate);
	}
	return made;
}

/** Slots leased, waiters queued and the width, read atomically. */
const SNAPSHOT = `
local p = ARGV[1]
local users = redis.call('LRANGE', p .. 'ring', 0, -1)
local queued = 0
for _, u in ipairs(users) do queued = queued + redis.call('ZCARD', p .. 'q:' .. u) end
local cap = tonumber(redis.call('HGET', p .. 'state', 'cap') or '4')
return {redis.call('ZCARD', p .. 'leases'), queued, cap}
`;

const settle = () => new Promise((r) => setTimeout(r, 30));
const until = async (cond: () => boolean) => {
	for (let k = 0; k < 200 && !cond(); k++) await new Promise((r) => setTimeout(r, 10));
	expect(cond()).toBe(true);
};

describe('the fair gate shared through Redis', () => {
	it('gives a reader alone the whole global width, across relays, and no more', async () => {
		const [a, b] = await relays(2);
		const permits = await Promise.all([
			a.acquire('alone'),
			a.acquire('alone'),
			b.acquire('alone'),
			b.acquire('alone')
		]);
		let fifth: GatePermit | undefined;
		const waiting = b.acquire('alone').then((p) => (fifth = p));
		await settle();
		expect(fifth).toBeUndefined();
		expect(a.stats().active + b.stats().active).toBe(4);
		permits[0].release();
		await waiting;
		expect(fifth).toBeDefined();
		for (const p of [...permits.slice(1), fifth!]) p.release();
	});

	it('serves readers round-robin whichever relay their calls came through', async () => {
		const [a, b] = await relays(2);
		const held = await Promise.all(Array.from({ length: 4 }, () => a.acquire('x')));
		const order: string[] = [];
		const running: GatePermit[] = [];
		const enqueue = async (gate: Gate, user: string) => {
			const p = gate.acquire(user).then((permit) => {
				order.push(user);
				running.push(permit);
			});
			await settle();
			// Wrapped: an async function returning the promise itself would wait for the grant.
			return { p };
		};
		const waits = [
			await enqueue(a, 'r1'),
			await enqueue(b, 'r1'),
			await enqueue(a, 'r1'),
			await enqueue(b, 'r2'),
			await enqueue(a, 'r2'),
			await enqueue(b, 'r3')
		];
		// Free one slot at a time and wait for its grant, so each grant is one turn of the ring.
		const freed = [...held];
		while (order.length < 6) {
			const before = order.length;
			(freed.shift() ?? running.shift())!.release();
			await until(() => order.length === before + 1);
		}
		await Promise.all(waits.map((w) => w.p));
		running.forEach((p) => p.release());
		expect(order).toEqual(['r1', 'r2', 'r3', 'r1', 'r2', 'r1']);
	});

	it('keeps at most the width at Gemini under load from three readers on three relays, with no slot idle while someone waits', async () => {
		const gs = await relays(3);
		let inFlight = 0;
		let maxInFlight = 0;
		let idleWhileWaiting = 0;
		const done = new Map<string, number>();
		const reader = async (user: string, calls: number) => {
			for (let k = 0; k < calls; k++) {
				const gate = gs[(k + user.length) % gs.length];
				const permit = await gate.acquire(user);
				inFlight += 1;
				maxInFlight = Math.max(maxInFlight, inFlight);
				await new Promise((r) => setTimeout(r, 5 + ((k * 7) % 11)));
				inFlight -= 1;
				permit.release();
				done.set(user, (done.get(user) ?? 0) + 1);
			}
		};
		// Redis holds the truth: read leases and waiters in one atomic step, between two scripts.
		const probe = await openRedis(redis.url);
		connections.push(probe);
		let samples = 0;
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				const [leases, queued, cap] = (await probe.client.eval(
					SNAPSHOT,
					0,
					`test${prefixSeq}:`
				)) as number[];
				samples += 1;
				if (queued > 0 && leases < cap) idleWhileWaiting += 1;
			}
		})();
		// Each reader keeps 6 calls going, more than its share.
		await Promise.all(
			['u1', 'u2', 'u3'].flatMap((u) => Array.from({ length: 6 }, () => reader(u, 8)))
		);
		sampling = false;
		await sampler;
		expect(samples).toBeGreaterThan(10);
		expect(maxInFlight).toBe(4);
		expect([...done.values()]).toEqual([48, 48, 48]);
		expect(idleWhileWaiting).toBe(0);
	});

	it('slows every relay down when one of them sees a Gemini 429', async () => {
		const [a, b] = await relays(2, { maxBackoffMs: 300 });
		const p = await a.acquire('r');
		p.release({ rateLimitedMs: 10_000 });
		await settle();
		const started = performance.now();
		const next = await b.acquire('r');
		// The pause was set by relay a; relay b waited for it (capped at 300 ms).
		expect(performance.now() - started).toBeGreaterThanOrEqual(200);
		expect(b.stats().capacity).toBe(2);
		next.release();
	});

	it('frees the slots of a relay that dies mid-call once its heartbeat lapses', async () => {
		const prefix = `test${++prefixSeq}:`;
		const opts = { maxCapacity: 2, maxBackoffMs: 100, prefix, tickMs: 50, heartbeatTtlMs: 400 };
		const doomedConn = await openRedis(redis.url);
		const doomed = await createRedisFairGate(doomedConn, { ...opts, relayId: 'doomed' });
		const survivorConn = await openRedis(redis.url);
		connections.push(survivorConn);
		const survivor = await createRedisFairGate(survivorConn, { ...opts, relayId: 'survivor' });
		gates.push(survivor);
		await doomed.acquire('r');
		await doomed.acquire('r');
		let got: GatePermit | undefined;
		const waiting = survivor.acquire('r').then((p) => (got = p));
		await settle();
		expect(got).toBeUndefined();
		// As with SIGKILL: no release, no goodbye, the connection just drops.
		doomedConn.client.disconnect();
		await waiting;
		expect(got).toBeDefined();
		got!.release();
		doomed.close();
		await doomedConn.close();
	});
});
