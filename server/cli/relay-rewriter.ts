/**
 * AI mode for the command line: the relay's `chunks.normalize` over tRPC, several chunks at a
 * time, each retried with the browser's policy (src/lib/jobs). The relay signs users in with a
 * `session` cookie; the CLI sends the token it was given as that cookie.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createTRPCClient, httpLink } from '@trpc/client';
import { classifyChunkError } from '../../src/lib/jobs/chunk-errors.ts';
import {
	DEFAULT_RETRY_POLICY,
	retryDelayMs,
	type RetryPolicy
} from '../../src/lib/jobs/retry-policy.ts';
import type { ChunkPlan } from '../../src/lib/shared/pipeline/chunk-planner.ts';
import { idempotencyKey } from '../../src/lib/shared/pipeline/idempotency-key.ts';
import type { ItemResult, Usage } from '../../src/lib/shared/pipeline/types.ts';
import type { AppRouter } from '../routers/app.ts';
import { CliError } from './cli-error.ts';
import type { ChunkFailure, Rewriter } from './process-book.ts';

/**
 * Chunks in flight at once, at most. The relay's advertised concurrency sets the pace (a reader
 * alone gets the whole Gemini width); this only guards against a wild answer.
 */
export const MAX_PARALLEL_CHUNKS = 64;

/** A tRPC client for the relay at `url`, carrying `session` as the session cookie. */
export function createCliRelayClient(url: string, session?: string) {
	return createTRPCClient<AppRouter>({
		links: [
			// Not batched: each chunk is its own request, so a retry or an abort touches one chunk.
			httpLink({
				url: `${url}/trpc`,
				headers: () => (session ? { cookie: `session=${session}` } : {})
			})
		]
	});
}

export type CliRelayClient = ReturnType<typeof createCliRelayClient>;

/** What the relay advertises for chunking, once AI mode is known to be on. */
export interface RelayPlan {
	maxItems: number;
	maxChars: number;
	concurrency: number;
}

/** Asks the relay whether AI mode is on and how big chunks may be. */
export async function relayPlan(client: CliRelayClient, url: string): Promise<RelayPlan> {
	let config;
	try {
		config = await client.config.get.query();
	} catch (err) {
		throw toCliError(err, url);
	}
	if (!config.ai.enabled)
		throw new CliError(`The relay at ${url} has AI mode off: ${config.ai.reason}`);
	return {
		maxItems: config.limits.maxItemsPerChunk,
		maxChars: config.limits.maxChunkChars,
		concurrency: Math.max(1, Math.min(MAX_PARALLEL_CHUNKS, config.concurrency))
	};
}

export interface RelayRewriterOptions {
	url: string;
	limit: number;
	tier?: string;
	concurrency: number;
	signal: AbortSignal;
	retry?: RetryPolicy;
	/** Waits between attempts; injectable for tests. */
	sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Totals of an AI run, for the closing summary. */
export interface RelayTotals {
	usage: Usage;
	creditsCharged: number;
}

/**
 * A rewriter that reserves credits for the job, sends its chunks to the relay `concurrency` at
 * a time, and releases what is left of the reservation at the end. A refusal that retrying
 * cannot fix (signed out, out of credits, daily quota) stops the run with its message.
 * `totals` adds up as chunks answer.
 */
export function relayRewriter(
	client: CliRelayClient,
	opts: RelayRewriterOptions
): { rewrite: Rewriter; totals: RelayTotals } {
	const totals: RelayTotals = {
		usage: { promptTokens: 0, outputTokens: 0, totalTokens: 0 },
		creditsCharged: 0
	};
	const retry = opts.retry ?? DEFAULT_RETRY_POLICY;
	const sleep = opts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
	const settings = { limit: opts.limit, ...(opts.tier && { tier: opts.tier }) };
	const rewrite: Rewriter = async (plans, itemsOf) => {
		const results: ItemResult[] = [];
		const failures: ChunkFailure[] = [];
		if (plans.length === 0) return { results, failures };
		const clientJobId = randomUUID();
		// One stop for every worker: a pause-worthy refusal ends the whole run, not one chunk.
		const stop = new AbortController();
		const signal = AbortSignal.any([opts.signal, stop.signal]);
		let stopReason: CliError | undefined;
		const allItems = plans.flatMap((plan) => itemsOf(plan));
		await withRetries(
			() => client.jobs.reserve.mutate({ clientJobId, items: allItems, settings }, { signal }),
			{ retry, sleep, signal, url: opts.url }
		).catch((err: unknown) => {
			throw opts.signal.aborted ? interrupted() : toCliError(err, opts.url);
		});
		const queue = [...plans];
		const runOne = async (plan: ChunkPlan) => {
			const items = itemsOf(plan);
			const req = {
				clientJobId,
				chunkIndex: plan.index,
				idempotencyKey: await idempotencyKey(clientJobId, plan.index, items, settings),
				items,
				settings
			};
			try {
				const res = await withRetries(() => client.chunks.normalize.mutate(req, { signal }), {
					retry,
					sleep,
					signal,
					url: opts.url
				});
				results.push(...res.items);
				addUsage(totals.usage, res.usage);
				totals.creditsCharged += res.credits.charged;
			} catch (err) {
				if (err instanceof StopError) {
					stopReason ??= toCliError(err.cause, opts.url);
					stop.abort();
					return;
				}
				// Interrupted, or another chunk stopped the run: this chunk did not fail.
				if (signal.aborted) return;
				failures.push({
					chunkIndex: plan.index,
					sentenceIndexes: plan.sentenceIndexes,
					message: err instanceof Error ? err.message : String(err)
				});
			}
		};
		const worker = async () => {
			for (let plan = queue.shift(); plan && !signal.aborted; plan = queue.shift()) {
				await runOne(plan);
			}
		};
		try {
			await Promise.all(Array.from({ length: opts.concurrency }, worker));
		} finally {
			// Best effort: an unused reservation also lapses on its own after 24 h.
			await client.jobs.release.mutate({ clientJobId }).catch(() => undefined);
		}
		if (stopReason) throw stopReason;
		if (opts.signal.aborted) throw interrupted();
		return { results, failures };
	};
	return { rewrite, totals };
}

/** Ctrl-C: exit status 130, as shells expect after SIGINT. */
function interrupted(): CliError {
	return new CliError('Interrupted.', 130);
}

/** A refusal that retrying cannot fix; `cause` is the relay's error. */
class StopError extends Error {
	constructor(cause: unknown) {
		super('stopped', { cause });
	}
}

/**
 * Calls `call` until it answers, backing off as the browser does and honouring the relay's
 * `retryAfterMs`. Throws a StopError for a pause-worthy refusal, and the last error when the
 * attempts run out or the chunk cannot succeed as sent.
 */
async function withRetries<T>(
	call: () => Promise<T>,
	ctx: {
		retry: RetryPolicy;
		sleep: (ms: number, signal: AbortSignal) => Promise<void>;
		signal: AbortSignal;
		url: string;
	}
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (err) {
			const c = classifyChunkError(err);
			if (c.action === 'aborted' || ctx.signal.aborted) throw err;
			if (c.action === 'pause') throw new StopError(err);
			if (c.action === 'slow_down') {
				// The relay is pacing this user; as in the browser, waiting costs no attempt.
				attempt -= 1;
				await ctx.sleep(retryDelayMs(1, ctx.retry, c.retryAfterMs), ctx.signal);
				continue;
			}
			// No online event to wait for on the command line: an unreachable relay is retried.
			const retryable = c.action === 'retry' || c.action === 'wait_online';
			if (!retryable || attempt >= ctx.retry.maxAttempts) {
				throw c.action === 'wait_online' ? relayFailure(err, ctx.url) : err;
			}
			await ctx.sleep(retryDelayMs(attempt, ctx.retry, c.retryAfterMs), ctx.signal);
		}
	}
}

function addUsage(total: Usage, more: Usage): void {
	total.promptTokens += more.promptTokens;
	total.outputTokens += more.outputTokens;
	total.totalTokens += more.totalTokens;
}

/** The relay's refusal in the reader's words, with what to do about a missing session. */
function toCliError(err: unknown, url: string): CliError {
	if (err instanceof CliError) return err;
	if (err instanceof StopError) return toCliError(err.cause, url);
	const status = (err as { data?: { httpStatus?: number } } | undefined)?.data?.httpStatus;
	if (status === 401) {
		return new CliError(
			`The relay at ${url} needs you signed in: run 'npm run fnt -- login --relay ${url}', or pass --session <token> (see --help).`
		);
	}
	const c = classifyChunkError(err);
	if (c.action === 'wait_online') return relayFailure(err, url);
	return new CliError(`The relay refused the job: ${c.message}`);
}

function relayFailure(err: unknown, url: string): CliError {
	const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
	return new CliError(`The relay at ${url} cannot be reached${detail}.`);
}
