import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Usage } from '../../src/lib/shared/pipeline/types.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { RelayContext } from '../context.ts';
import { toCredits } from '../credits/pricing.ts';
import { GeminiError } from '../gemini/gemini-errors.ts';
import type { ChunkRun, NormalizedChunk } from '../normalize/chunk-types.ts';
import { normalizeChunk, PartialChunkError } from '../normalize/normalize-chunk.ts';
import { aiDisabledError, toTRPCError } from '../relay-errors.ts';
import { authedProcedure, chunkProcedure, router } from '../trpc.ts';
import { ClientJobId, ItemInput, resolveTier } from './job-input.ts';

const ChunkInput = z.object({
	clientJobId: ClientJobId,
	chunkIndex: z.number().int().min(0),
	idempotencyKey: z.string().min(16).max(128),
	items: z.array(ItemInput).min(1).max(200),
	settings: z.object({
		limit: z.number().int().min(3).max(50),
		tier: z.string().optional()
	})
});
type ChunkInput = z.infer<typeof ChunkInput>;

/** The context of a signed-in call that reaches Gemini. */
export type GeminiCallCtx = RelayContext & { user: SessionUser };
type Ctx = GeminiCallCtx;

/**
 * The store key of a chunk: the browser's idempotency key scoped to its user, so a result
 * belongs to whoever produced it and another user sending the same key is not served it.
 */
function ownedKey(userId: string, idempotencyKey: string): string {
	return createHash('sha256').update(`${userId}\0${idempotencyKey}`).digest('hex');
}

/** One chunk through the credit check, the Gemini gate and the normaliser, then settled. */
async function runChunk(
	ctx: Ctx,
	input: ChunkInput,
	key: string,
	tier: string,
	signal?: AbortSignal
): Promise<ChunkRun> {
	const { costMc } = ctx.credits.estimate(input.items, input.settings.limit, tier);
	return withCreditHold(ctx, input.clientJobId, costMc, () =>
		gatedRun(ctx, input, key, tier, signal)
	);
}

/**
 * Holds `costMc` against the job while `run` runs, after checking that the job's
 * reservation covers every call of the job in flight. Held before the check, so a parallel
 * call's check already counts this one.
 */
export async function withCreditHold<T>(
	ctx: Ctx,
	clientJobId: string,
	costMc: number,
	run: () => Promise<T>
): Promise<T> {
	const userId = ctx.user.id;
	const job = `${userId}\0${clientJobId}`;
	const unhold = ctx.chunkHolds.hold(job, costMc);
	try {
		await ctx.credits.checkChunk({ userId, clientJobId, coverMc: ctx.chunkHolds.total(job) });
		return await run();
	} finally {
		unhold();
	}
}

/**
 * A Gemini call behind the user's fair gate. When it fails, what Gemini billed for it
 * (answers we could not use, attempts that failed late) is settled before the error goes on.
 */
export async function gatedGeminiCall<T>(
	ctx: Ctx,
	clientJobId: string,
	tier: string,
	signal: AbortSignal | undefined,
	call: () => Promise<T>
): Promise<T> {
	try {
		const permit = await ctx.gate.acquire(ctx.user.id, signal).catch((err: unknown) => {
			// Only a call that left the queue was aborted; the gate's store failing is an outage.
			if (!signal?.aborted) throw err;
			throw new GeminiError('aborted', 'Request aborted while it waited for Gemini');
		});
		try {
			const value = await call();
			permit.release();
			return value;
		} catch (err) {
			const limited = err instanceof GeminiError && err.kind === 'rate_limit';
			permit.release(limited ? { rateLimitedMs: err.retryAfterMs ?? 1000 } : undefined);
			throw err;
		}
	} catch (err) {
		if (err instanceof GeminiError && err.usage && err.usage.totalTokens > 0) {
			await settleUsage(ctx, clientJobId, tier, err.usage);
		}
		throw err;
	}
}

/** Charges billed tokens to the job and records them in the metrics. */
export async function settleUsage(
	ctx: Ctx,
	clientJobId: string,
	tier: string,
	usage: Usage,
	settleKey?: string
) {
	ctx.metrics.usage(tier, usage);
	const settled = await ctx.credits.settle({
		userId: ctx.user.id,
		clientJobId,
		tokens: usage.totalTokens,
		tier,
		settleKey
	});
	ctx.metrics.credits(toCredits(settled.chargedMc), toCredits(settled.uncollectedMc));
	return settled;
}

/**
 * The Gemini part of a chunk: wait for the gate, normalise, settle what was billed.
 * `signal` (the browser's connection) only takes the call out of the queue: once at Gemini,
 * a call whose browser went away (a reload, a dropped connection) runs to the end and is
 * stored, so the retry gets it without a second charge. Only an explicit cancel
 * (chunks.cancel) stops it at Gemini.
 */
async function gatedRun(
	ctx: Ctx,
	input: ChunkInput,
	key: string,
	tier: string,
	signal?: AbortSignal
): Promise<ChunkRun> {
	const clientJobId = input.clientJobId;
	const cancel = ctx.cancels.track(ctx.user.id, clientJobId);
	const leaveQueue = signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal;
	try {
		const known = await ctx.partials.get(key);
		const result: NormalizedChunk = await gatedGeminiCall(ctx, clientJobId, tier, leaveQueue, () =>
			normalizeChunk({
				client: ctx.gemini!,
				items: input.items,
				limit: input.settings.limit,
				tier,
				signal: cancel.signal,
				known
			}).catch(async (err: unknown) => {
				if (err instanceof PartialChunkError) await ctx.partials.keep(key, err.partial);
				throw err;
			})
		);
		const settled = await settleUsage(ctx, clientJobId, tier, result.usage, key);
		// Settled and paid for: the answer goes back even if the store cannot keep it (a
		// retry would then ask Gemini again, and its settle key keeps it from being charged).
		await ctx.cache.put(key, clientJobId, input.chunkIndex, result).catch(logStoreFailure);
		await ctx.partials.drop(key).catch(logStoreFailure);
		return { result, chargedMc: settled.chargedMc, balanceMc: settled.balanceMc };
	} finally {
		cancel.done();
	}
}

function logStoreFailure(err: unknown): void {
	console.error('Relay could not store a chunk answer:', err instanceof Error ? err.message : err);
}

/** Chunk calls: the only procedure that reaches Gemini, and the reader's cancel of a job's calls. */
export const chunksRouter = router({
	/**
	 * Stops the job's calls at Gemini, on whichever relay runs them: the reader cancelled the
	 * job. (A closed tab or a reload is not a cancel: those calls finish and are stored.)
	 */
	cancel: authedProcedure
		.input(z.object({ clientJobId: ClientJobId }))
		.mutation(async ({ ctx, input }) => ({
			stoppedHere: await ctx.cancels.cancel(ctx.user.id, input.clientJobId)
		})),

	/**
	 * Rewrites one chunk's long sentences with Gemini and charges its real usage to the job's
	 * reservation. A repeated idempotency key gets the stored result, free; an identical call
	 * still in flight is joined rather than run twice.
	 */
	normalize: chunkProcedure.input(ChunkInput).mutation(async ({ ctx, input, signal }) => {
		const { config, metrics } = ctx;
		if (!ctx.gemini || !config.gemini) throw aiDisabledError();
		const started = performance.now();
		const seconds = () => (performance.now() - started) / 1000;
		const key = ownedKey(ctx.user.id, input.idempotencyKey);
		const balance = async () => toCredits(await ctx.credits.balance(ctx.user.id));
		const cached = await ctx.cache.get(key);
		if (cached) {
			metrics.chunk('cached', seconds());
			return { ...cached, cached: true, credits: { charged: 0, balance: await balance() } };
		}
		const tier = resolveTier(config, input.settings.tier);
		for (let attempt = 1; ; attempt++) {
			try {
				const { value, joined } = await ctx.chunkFlights.run(key, () =>
					runChunk(ctx, input, key, tier, signal)
				);
				metrics.chunk(joined ? 'cached' : 'ok', seconds());
				const credits = joined
					? { charged: 0, balance: await balance() }
					: { charged: toCredits(value.chargedMc), balance: toCredits(value.balanceMc) };
				return { ...value.result, cached: joined, credits };
			} catch (err) {
				// Joined a call whose own caller left the queue: this caller still wants its answer.
				const leaderGaveUp =
					err instanceof GeminiError &&
					err.kind === 'aborted' &&
					!signal?.aborted &&
					!ctx.cancels.isCancelled(ctx.user.id, input.clientJobId);
				if (leaderGaveUp && attempt === 1) continue;
				if (err instanceof GeminiError) {
					metrics.chunk('error', seconds(), err.kind);
					throw toTRPCError(err);
				}
				metrics.chunk('refused', seconds());
				throw err;
			}
		}
	})
});
