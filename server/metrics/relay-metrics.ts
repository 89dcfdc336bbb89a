/**
 * What the relay reports about itself: Prometheus metrics on /metrics (prom-client, one
 * registry per relay so that tests can run several; every series carries a `relay` label, set
 * once the relay listens), and a 15-minute window of call outcomes for the admin page's error
 * rates. With Redis the gate's numbers are this relay's share of the cluster-wide gate.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Usage } from '../../src/lib/shared/pipeline/types.ts';
import type { Gate } from '../limits/fair-gate.ts';

/** How a chunk call ended. */
export type ChunkOutcome = 'ok' | 'cached' | 'error' | 'refused';

const WINDOW_MS = 15 * 60_000;

/** Creates the relay's metrics, reading the gate's live numbers at scrape time. */
export function createRelayMetrics(gate: Gate) {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'relay_' });
	const registers = [registry];

	new Gauge({
		name: 'relay_gemini_calls_in_flight',
		help: 'Gemini calls running now.',
		registers,
		collect() {
			this.set(gate.stats().active);
		}
	});
	new Gauge({
		name: 'relay_gemini_queue_length',
		help: 'Chunk calls waiting for a Gemini slot.',
		registers,
		collect() {
			this.set(gate.stats().queued);
		}
	});
	new Gauge({
		name: 'relay_gemini_capacity',
		help: 'Gemini slots open now (lower than the maximum after a 429).',
		registers,
		collect() {
			this.set(gate.stats().capacity);
		}
	});
	const chunkDuration = new Histogram({
		name: 'relay_chunk_duration_seconds',
		help: 'Time to answer chunks.normalize, queue included.',
		labelNames: ['outcome'],
		buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 90],
		registers
	});
	const queueWait = new Histogram({
		name: 'relay_gemini_queue_wait_seconds',
		help: 'Time a chunk waited for a Gemini slot.',
		buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
		registers
	});
	const chunkCalls = new Counter({
		name: 'relay_chunk_calls_total',
		help: 'chunks.normalize calls by outcome.',
		labelNames: ['outcome'],
		registers
	});
	const upstreamErrors = new Counter({
		name: 'relay_upstream_errors_total',
		help: 'Failed Gemini chunk calls by kind.',
		labelNames: ['kind'],
		registers
	});
	const tokens = new Counter({
		name: 'relay_gemini_tokens_total',
		help: 'Tokens Gemini billed, by tier and type.',
		labelNames: ['tier', 'type'],
		registers
	});
	const creditsSettled = new Counter({
		name: 'relay_credits_settled_total',
		help: 'Credits charged to users for Gemini usage.',
		registers
	});
	const creditsUncollected = new Counter({
		name: 'relay_credits_uncollected_total',
		help: 'Credits of usage that users could not cover (balance reached 0).',
		registers
	});

	const recent: { at: number; outcome: ChunkOutcome; kind?: string }[] = [];
	const prune = (now: number) => {
		while (recent.length > 0 && recent[0].at < now - WINDOW_MS) recent.shift();
	};

	return {
		registry,

		/** Records one finished chunk call. */
		chunk(outcome: ChunkOutcome, seconds: number, kind?: string): void {
			chunkCalls.inc({ outcome });
			chunkDuration.observe({ outcome }, seconds);
			if (outcome === 'error' && kind) upstreamErrors.inc({ kind });
			const now = Date.now();
			recent.push({ at: now, outcome, kind });
			prune(now);
		},

		/** Records the time a call waited at the gate. */
		queueWait(ms: number): void {
			queueWait.observe(ms / 1000);
		},

		/** Records billed tokens. */
		usage(tier: string, usage: Usage): void {
			tokens.inc({ tier, type: 'prompt' }, usage.promptTokens);
			tokens.inc({ tier, type: 'output' }, usage.outputTokens);
			tokens.inc({ tier, type: 'total' }, usage.totalTokens);
		},

		/** Records credits charged, and any that could not be. */
		credits(charged: number, uncollected: number): void {
			if (charged > 0) creditsSettled.inc(charged);
			if (uncollected > 0) creditsUncollected.inc(uncollected);
		},

		/** Outcome counts over the last 15 minutes, for the admin page. */
		window() {
			prune(Date.now());
			const errors: Record<string, number> = {};
			const outcomes: Record<ChunkOutcome, number> = { ok: 0, cached: 0, error: 0, refused: 0 };
			for (const r of recent) {
				outcomes[r.outcome] += 1;
				if (r.outcome === 'error')
					errors[r.kind ?? 'unknown'] = (errors[r.kind ?? 'unknown'] ?? 0) + 1;
			}
			const calls = recent.length;
			return {
				minutes: WINDOW_MS / 60_000,
				calls,
				outcomes,
				errors,
				errorRate: calls === 0 ? 0 : outcomes.error / calls
			};
		}
	};
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
