import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ItemResult, Usage } from '../../src/lib/pipeline/types.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { RelayContext } from '../context.ts';
import { toCredits } from '../credits/pricing.ts';
import { GeminiError } from '../gemini/gemini-errors.ts';
import { normalizeChunk } from '../normalize/normalize-chunk.ts';
import { aiDisabledError, toTRPCError } from '../relay-errors.ts';
import { chunkProcedure, router } from '../trpc.ts';
import { ClientJobId, ItemInput, resolveTier } from './job-input.ts';

/** What `chunks.normalize` stores for a repeat: the items and the tokens they cost. */
export interface NormalizedChunk {
	items: ItemResult[];
	usage: Usage;
}

/** A chunk that ran: its result, what its owner was charged, and their balance after, in millicredits. */
export interface ChunkRun {
	result: NormalizedChunk;
	chargedMc: number;
	balanceMc: number;
}

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

type Ctx = RelayContext & { user: SessionUser };

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
	const { credits } = ctx;
	const userId = ctx.user.id;
	const clientJobId = input.clientJobId;
	const { costMc } = credits.estimate(input.items, input.settings.limit, tier);
	const job = `${userId}\0${clientJobId}`;
	// Held before the check, so a parallel chunk's check already counts this one.
	const unhold = ctx.chunkHolds.hold(job, costMc);
	try {
		await credits.checkChunk({ userId, clientJobId, coverMc: ctx.chunkHolds.total(job) });
		return await gatedRun(ctx, input, key, tier, signal);
	} finally {
		unhold();
	}
}

/** The Gemini part of a chunk: wait for the gate, normalise, settle what was billed. */
async function gatedRun(
	ctx: Ctx,
	input: ChunkInput,
	key: string,
	tier: string,
	signal?: AbortSignal
): Promise<ChunkRun> {
	const { credits, metrics, gate } = ctx;
	const userId = ctx.user.id;
	const clientJobId = input.clientJobId;
	let result: NormalizedChunk;
	try {
		const permit = await gate.acquire(userId, signal).catch(() => {
			throw new GeminiError('aborted', 'Request aborted while it waited for Gemini');
		});
		try {
			result = await normalizeChunk({
				client: ctx.gemini!,
				items: input.items,
				limit: input.settings.limit,
				tier,
				signal
			});
			permit.release();
		} catch (err) {
			const limited = err instanceof GeminiError && err.kind === 'rate_limit';
			permit.release(limited ? { rateLimitedMs: err.retryAfterMs ?? 1000 } : undefined);
			throw err;
		}
	} catch (err) {
		// Gemini bills answers we could not use and attempts that failed late: settle those too.
		if (err instanceof GeminiError && err.usage && err.usage.totalTokens > 0) {
			metrics.usage(tier, err.usage);
			const s = await credits.settle({ userId, clientJobId, tokens: err.usage.totalTokens, tier });
			metrics.credits(toCredits(s.chargedMc), toCredits(s.uncollectedMc));
		}
		throw err;
	}
	metrics.usage(tier, result.usage);
	const settled = await credits.settle({
		userId,
		clientJobId,
		tokens: result.usage.totalTokens,
		tier,
		settleKey: key
	});
	metrics.credits(toCredits(settled.chargedMc), toCredits(settled.uncollectedMc));
	await ctx.cache.put(key, clientJobId, input.chunkIndex, result);
	return { result, chargedMc: settled.chargedMc, balanceMc: settled.balanceMc };
}

/** Chunk calls: the only procedure that reaches Gemini. */
export const chunksRouter = router({
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
				// Joined a call whose own caller gave up: this caller still wants its answer.
				const leaderGaveUp =
					err instanceof GeminiError && err.kind === 'aborted' && !signal?.aborted;
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
