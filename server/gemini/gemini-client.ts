/**
 * The relay's one door to Gemini: sends a chunk with the fixed system instruction and
 * structured output, and returns the parsed answer or throws a typed GeminiError. It does
 * not retry (the SDK's retries stay off too), so retries have a single owner: the caller.
 */
import {
	GoogleGenAI,
	type GenerateContentParameters,
	type GenerateContentResponse,
	type GenerateContentResponseUsageMetadata
} from '@google/genai';
import type { ChunkItem, Usage } from '../../src/lib/shared/pipeline/types.ts';
import { GeminiError, classifyGeminiError } from './gemini-errors.ts';
import { alignAnswer } from './ordered-answer.ts';
import {
	PAGES_INSTRUCTION,
	PAGES_USER_TEXT,
	SYSTEM_INSTRUCTION,
	answerSchema,
	buildUserText,
	responseSchema,
	type AnswerItem
} from './prompt.ts';

/** How to reach Gemini; the tier-to-model map comes from configuration, never from code. */
export interface GeminiClientOptions {
	apiKey: string;
	/** Another endpoint than Google's, e.g. the mock Gemini server. */
	baseUrl?: string;
	/** Model tier (e.g. "flash") to model name. */
	models: Record<string, string>;
	/** Deadline for one call, answer body included. */
	timeoutMs: number;
}

/** One rewrite call: the items of a chunk and the word limit. */
export interface RewriteRequest {
	items: ChunkItem[];
	limit: number;
	tier: string;
	signal?: AbortSignal;
}

/** The model's answer, shape-checked but not yet validated against the input. */
export interface RewriteAnswer {
	items: AnswerItem[];
	usage: Usage;
}

/** One page-read call: a small PDF of image-only pages. */
export interface ReadPagesRequest {
	pdf: Uint8Array;
	tier: string;
	signal?: AbortSignal;
}

/** The pages' text as the model transcribed it. */
export interface ReadPagesAnswer {
	text: string;
	usage: Usage;
}

/** What the relay needs from Gemini. */
export interface GeminiClient {
	rewrite(request: RewriteRequest): Promise<RewriteAnswer>;
	/** Transcribes the body text of scanned pages (sent as inline application/pdf data). */
	readPages(request: ReadPagesRequest): Promise<ReadPagesAnswer>;
}

/** Finish reasons of a whole answer; any other but MAX_TOKENS (SAFETY, RECITATION, OTHER…) is a refusal. */
const STOPPED_NORMALLY = new Set(['STOP', 'FINISH_REASON_UNSPECIFIED']);

/** Creates the Gemini client used by `chunks.normalize` and `pages.read`. */
export function createGeminiClient(options: GeminiClientOptions): GeminiClient {
	const ai = new GoogleGenAI({
		apiKey: options.apiKey,
		// No retryOptions: the SDK then makes exactly one attempt.
		httpOptions: {
			baseUrl: options.baseUrl,
			// Our deadline (withDeadline) bounds the call. Google still gets it as the server
			// deadline, the header the SDK would send for `timeout`. Not `timeout` itself: on
			// success the SDK leaves that timer armed (@google/genai 2.32), and it holds each
			// call's request and answer for the full 90 s (the load bench's relay grew by
			// ~200 MB in 40 s).
			headers: { 'X-Server-Timeout': String(Math.ceil(options.timeoutMs / 1000)) }
		}
	});

	/** One generateContent call under our deadline; every failure becomes a GeminiError. */
	async function generate(
		tier: string,
		signal: AbortSignal | undefined,
		request: Pick<GenerateContentParameters, 'contents' | 'config'>
	): Promise<GenerateContentResponse> {
		const model = options.models[tier];
		if (!model) throw new GeminiError('bad_request', `Unknown model tier "${tier}"`);
		if (signal?.aborted) throw new GeminiError('aborted', 'Request aborted before it was sent');

		const deadline = withDeadline(options.timeoutMs, signal);
		try {
			return await ai.models.generateContent({
				model,
				contents: request.contents,
				config: { ...request.config, abortSignal: deadline.signal }
			});
		} catch (err) {
			// Decide by which signal fired, not by the error's shape: a caller may abort
			// with any reason, and the SDK's own timer aborts with a plain AbortError.
			if (signal?.aborted) {
				throw new GeminiError('aborted', 'Request aborted', { cause: err });
			}
			const classified = classifyGeminiError(err);
			if (deadline.timedOut() || classified.kind === 'aborted') {
				throw new GeminiError('timeout', `Gemini did not answer within ${options.timeoutMs} ms`, {
					cause: err
				});
			}
			throw classified;
		} finally {
			deadline.dispose();
		}
	}

	return {
		async rewrite({ items, limit, tier, signal }) {
			const response = await generate(tier, signal, {
				contents: [{ role: 'user', parts: [{ text: buildUserText({ limit, items }) }] }],
				config: {
					systemInstruction: SYSTEM_INSTRUCTION,
					temperature: 0.2,
					responseMimeType: 'application/json',
					responseSchema
				}
			});
			return readAnswer(response, items);
		},

		async readPages({ pdf, tier, signal }) {
			const response = await generate(tier, signal, {
				contents: [
					{
						role: 'user',
						parts: [
							{
								inlineData: {
									mimeType: 'application/pdf',
									data: Buffer.from(pdf).toString('base64')
								}
							},
							{ text: PAGES_USER_TEXT }
						]
					}
				],
				config: { systemInstruction: PAGES_INSTRUCTION, temperature: 0 }
			});
			const usage = toUsage(response.usageMetadata);
			return { text: answerText(response, usage).trim(), usage };
		}
	};
}

/** Checks a billed response and parses it strictly; every rejection carries the usage. */
function readAnswer(response: GenerateContentResponse, items: ChunkItem[]): RewriteAnswer {
	const usage = toUsage(response.usageMetadata);
	const text = answerText(response, usage);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new GeminiError('malformed', 'Gemini answered with text that is not JSON', { usage });
	}
	const parsed = answerSchema.safeParse(json);
	if (!parsed.success) {
		throw new GeminiError('malformed', 'Gemini answered JSON of the wrong shape', { usage });
	}
	return { items: alignAnswer(items, parsed.data), usage };
}

/** The text of a whole, unblocked answer, or a GeminiError carrying the usage. */
function answerText(response: GenerateContentResponse, usage: Usage): string {
	const fail = (kind: 'blocked' | 'truncated', message: string): never => {
		throw new GeminiError(kind, message, { usage });
	};

	const blockReason = response.promptFeedback?.blockReason;
	if (blockReason) fail('blocked', `Gemini blocked the prompt (${blockReason})`);
	const candidate = response.candidates?.[0];
	if (!candidate) return fail('blocked', 'Gemini returned no candidate');
	const finish = candidate.finishReason ?? 'STOP';
	// A cut-off JSON text may still parse into fewer items; never read it leniently.
	if (finish === 'MAX_TOKENS') fail('truncated', 'Gemini stopped at MAX_TOKENS');
	if (!STOPPED_NORMALLY.has(finish)) fail('blocked', `Gemini stopped with ${finish}`);

	// Thought parts are the model's reasoning, not its answer.
	const text = (candidate.content?.parts ?? [])
		.filter((p) => typeof p.text === 'string' && !p.thought)
		.map((p) => p.text)
		.join('');
	if (text.trim() === '') fail('blocked', 'Gemini returned an empty answer');
	return text;
}

/** Gemini bills thinking tokens as output, so they count with the candidates. */
function toUsage(meta: GenerateContentResponseUsageMetadata | undefined): Usage {
	const promptTokens = meta?.promptTokenCount ?? 0;
	const outputTokens = (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0);
	return {
		promptTokens,
		outputTokens,
		totalTokens: meta?.totalTokenCount ?? promptTokens + outputTokens
	};
}

/**
 * The caller's signal combined with our own deadline: the call's only client-side deadline
 * (see httpOptions above), and what lets us tell a timeout from the caller's abort.
 */
function withDeadline(timeoutMs: number, signal: AbortSignal | undefined) {
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort(new DOMException('Gemini call timed out', 'TimeoutError'));
	}, timeoutMs);
	const onAbort = () => controller.abort(signal?.reason);
	signal?.addEventListener('abort', onAbort, { once: true });
	return {
		signal: controller.signal,
		timedOut: () => timedOut,
		dispose: () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		}
	};
}
