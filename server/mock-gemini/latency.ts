/**
 * The mock's latency model: a fixed time per call plus a time per output token, the shape of
 * a real model's answer time (time to first token, then a steady decoding rate).
 */
import { z } from 'zod';

/** The model's schema, for settings that arrive over HTTP. */
export const latencySchema = z.object({
	fixedMs: z.number().min(0),
	perOutputTokenMs: z.number().min(0)
});

/** Time before an answer: fixedMs + perOutputTokenMs × output tokens. */
export type LatencyModel = z.infer<typeof latencySchema>;

/** No wait at all: the default, for tests. */
export const ZERO_LATENCY: LatencyModel = { fixedMs: 0, perOutputTokenMs: 0 };

/** How long an answer of `outputTokens` tokens takes (an error answer has 0). */
export function answerDelayMs(latency: LatencyModel, outputTokens: number): number {
	return latency.fixedMs + latency.perOutputTokenMs * outputTokens;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return Promise.resolve(false);
	if (ms <= 0) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
