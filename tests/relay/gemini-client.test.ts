import { ApiError, GoogleGenAI } from '@google/genai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkItem } from '../../src/lib/shared/pipeline/types.ts';
import { countWords } from '../../src/lib/shared/text/word-count.ts';
import { createGeminiClient } from '../../server/gemini/gemini-client.ts';
import {
	GeminiError,
	classifyGeminiError,
	type GeminiErrorKind
} from '../../server/gemini/gemini-errors.ts';
import { SYSTEM_INSTRUCTION, buildUserText } from '../../server/gemini/prompt.ts';
import {
	startMockGemini,
	type Fault,
	type MockGemini
} from '../../server/mock-gemini/mock-gemini.ts';

const KEY = 'test-key';
const MODELS = { flash: 'mock-flash', lite: 'mock-lite' };

const ITEMS: ChunkItem[] = [
	{
		i: 10,
		text: 'Le vieux domestique, qui avait servi la famille pendant trente ans, ouvrit lentement la porte du salon.'
	},
	{
		i: 11,
		text: "La duchesse l'attendait près de la fenêtre, un livre ouvert sur les genoux, sans lire.",
		context: 'Le salon était sombre.'
	}
];

let mock: MockGemini;

beforeAll(async () => {
	mock = await startMockGemini({ port: 0 });
});

afterAll(async () => {
	await mock.close();
});

beforeEach(() => {
	mock.resetStats();
	mock.setFaults({});
	mock.setLatency({ fixedMs: 0, perOutputTokenMs: 0 });
});

function client(timeoutMs = 5_000, baseUrl = mock.url) {
	return createGeminiClient({ apiKey: KEY, baseUrl, models: MODELS, timeoutMs });
}

/** The GeminiError a rewrite rejects with; fails the test if it resolves. */
async function rewriteError(
	request: Partial<Parameters<ReturnType<typeof client>['rewrite']>[0]> = {},
	c = client()
): Promise<GeminiError> {
	const error = await c.rewrite({ items: ITEMS, limit: 8, tier: 'flash', ...request }).then(
		() => undefined,
		(err: unknown) => err
	);
	expect(error).toBeInstanceOf(GeminiError);
	return error as GeminiError;
}

describe('createGeminiClient against the mock Gemini server', () => {
	it('returns one answer item per input item, and the tokens Gemini billed', async () => {
		const answer = await client().rewrite({ items: ITEMS, limit: 8, tier: 'flash' });
		expect(answer.items.map((item) => item.i)).toEqual([10, 11]);
		expect(answer.items.every((item) => item.sentences.length > 0)).toBe(true);
		expect(answer.usage.promptTokens).toBeGreaterThan(0);
		expect(answer.usage.outputTokens).toBeGreaterThan(0);
		expect(answer.usage.totalTokens).toBe(answer.usage.promptTokens + answer.usage.outputTokens);
	});

	it('sends the system instruction, JSON mode, the response schema and the key', async () => {
		await client().rewrite({ items: ITEMS, limit: 6, tier: 'lite' });
		const request = mock.lastRequest();
		expect(request?.path).toBe('/v1beta/models/mock-lite:generateContent');
		expect(request?.headers['x-goog-api-key']).toBe(KEY);
		// The call's deadline, in seconds, as Google's server deadline too.
		expect(request?.headers['x-server-timeout']).toBe('5');
		const body = request?.body as {
			contents: { role: string; parts: { text: string }[] }[];
			systemInstruction: { parts: { text: string }[] };
			generationConfig: { temperature: number; responseMimeType: string; responseSchema: object };
		};
		expect(body.systemInstruction.parts[0].text).toBe(SYSTEM_INSTRUCTION);
		expect(body.contents).toEqual([
			{ role: 'user', parts: [{ text: buildUserText({ limit: 6, items: ITEMS }) }] }
		]);
		expect(body.generationConfig.temperature).toBe(0.2);
		expect(body.generationConfig.responseMimeType).toBe('application/json');
		// One array of sentences per item, in input order, with no keys to pay for.
		expect(body.generationConfig.responseSchema).toEqual({
			type: 'ARRAY',
			items: { type: 'ARRAY', items: { type: 'STRING' } }
		});
	});

	it('sends each item as its bare text, or with its context, and no index', () => {
		expect(JSON.parse(buildUserText({ limit: 6, items: ITEMS }))).toEqual({
			limit: 6,
			items: [ITEMS[0].text, { text: ITEMS[1].text, context: ITEMS[1].context }]
		});
	});

	it('matches an answer that dropped an item to the items it does carry', async () => {
		mock.setFaults({ sequence: ['drop_item'] });
		const answer = await client().rewrite({ items: ITEMS, limit: 8, tier: 'flash' });
		expect(answer.items.map((item) => item.i)).toEqual([ITEMS[1].i]);
	});

	it.each<[Fault, GeminiErrorKind, boolean, number | undefined]>([
		['rate_limit', 'rate_limit', true, 429],
		['daily_quota', 'daily_quota', false, 429],
		['server_error', 'server', true, 500],
		['unavailable', 'server', true, 503],
		['bad_key', 'auth', false, 403]
	])(
		'surfaces an HTTP %s as a %s error (retryable: %s)',
		async (fault, kind, retryable, status) => {
			mock.setFaults({ sequence: [fault] });
			const error = await rewriteError();
			expect(error.kind).toBe(kind);
			expect(error.retryable).toBe(retryable);
			expect(error.httpStatus).toBe(status);
			// Gemini bills no tokens for a refused call.
			expect(error.usage).toBeUndefined();
		}
	);

	it.each<[Fault, GeminiErrorKind, boolean]>([
		['malformed_json', 'malformed', true],
		['max_tokens', 'truncated', true],
		['safety', 'blocked', false]
	])(
		'surfaces a billed but unusable %s answer as %s, with its usage',
		async (fault, kind, retryable) => {
			mock.setFaults({ sequence: [fault] });
			const error = await rewriteError();
			expect(error.kind).toBe(kind);
			expect(error.retryable).toBe(retryable);
			expect(error.usage?.promptTokens).toBeGreaterThan(0);
		}
	);

	it('takes retryAfterMs from RetryInfo.retryDelay on a per-minute 429', async () => {
		mock.setFaults({ sequence: ['rate_limit', { kind: 'rate_limit', retryDelay: '2.5s' }] });
		expect((await rewriteError()).retryAfterMs).toBe(1_000);
		expect((await rewriteError()).retryAfterMs).toBe(2_500);
	});

	it('does not offer a retry delay for a daily quota, though Gemini sends one', async () => {
		mock.setFaults({ sequence: [{ kind: 'daily_quota', retryDelay: '30s' }] });
		const error = await rewriteError();
		expect(error.kind).toBe('daily_quota');
		expect(error.retryAfterMs).toBeUndefined();
	});

	it('turns a hang into a retryable timeout after timeoutMs', async () => {
		mock.setFaults({ sequence: ['hang'] });
		const started = Date.now();
		const error = await rewriteError({}, client(300));
		expect(error.kind).toBe('timeout');
		expect(error.retryable).toBe(true);
		expect(Date.now() - started).toBeLessThan(3_000);
	});

	it('reports an abort mid-call as aborted, whatever reason the caller gave', async () => {
		mock.setFaults({ sequence: ['hang'] });
		const controller = new AbortController();
		setTimeout(() => controller.abort('user left'), 50);
		const error = await rewriteError({ signal: controller.signal });
		expect(error.kind).toBe('aborted');
		expect(error.retryable).toBe(false);
		expect(mock.stats().itemCompletions).toEqual({});
	});

	it('sends nothing when the signal is already aborted', async () => {
		const error = await rewriteError({ signal: AbortSignal.abort() });
		expect(error.kind).toBe('aborted');
		expect(mock.stats().requests).toBe(0);
	});

	it('stops waiting for a slow answer when aborted, and the mock counts no completion', async () => {
		mock.setLatency({ fixedMs: 2_000 });
		const controller = new AbortController();
		// Abort once the mock holds the request, however slow the machine is to send it.
		const poll = setInterval(() => {
			if (mock.stats().generateRequests > 0) controller.abort();
		}, 5);
		const error = await rewriteError({ signal: controller.signal }).finally(() =>
			clearInterval(poll)
		);
		expect(error.kind).toBe('aborted');
		expect(mock.stats().generateRequests).toBe(1);
		expect(mock.stats().itemCompletions).toEqual({});
	});

	it('reports an unreachable endpoint as a retryable server error', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const error = await rewriteError({}, client(5_000, `http://127.0.0.1:${port}`));
		expect(error.kind).toBe('server');
		expect(error.retryable).toBe(true);
	});

	it('rejects an unknown tier without calling Gemini', async () => {
		const error = await rewriteError({ tier: 'ultra' });
		expect(error.kind).toBe('bad_request');
		expect(mock.stats().requests).toBe(0);
	});
});

describe('classifyGeminiError', () => {
	const apiError = (status: number, body: object) =>
		new ApiError({ status, message: JSON.stringify(body) });

	it('reads a fractional retryDelay', () => {
		const error = classifyGeminiError(
			apiError(429, {
				error: {
					code: 429,
					status: 'RESOURCE_EXHAUSTED',
					details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.250s' }]
				}
			})
		);
		expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 250, httpStatus: 429 });
	});

	it('treats the 400 Gemini sends for a wrong key as auth', () => {
		const error = classifyGeminiError(
			apiError(400, {
				error: {
					code: 400,
					status: 'INVALID_ARGUMENT',
					details: [
						{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }
					]
				}
			})
		);
		expect(error.kind).toBe('auth');
	});

	it.each<[unknown, GeminiErrorKind]>([
		[apiError(400, { error: { status: 'INVALID_ARGUMENT' } }), 'bad_request'],
		[apiError(504, { error: { status: 'DEADLINE_EXCEEDED' } }), 'server'],
		[new ApiError({ status: 502, message: 'not json' }), 'server'],
		[new DOMException('stop', 'AbortError'), 'aborted'],
		[new DOMException('late', 'TimeoutError'), 'timeout'],
		[Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }), 'server'],
		['a string', 'server']
	])('classifies %s as %s', (thrown, kind) => {
		expect(classifyGeminiError(thrown).kind).toBe(kind);
	});

	it('passes a GeminiError through unchanged', () => {
		const original = new GeminiError('blocked', 'no');
		expect(classifyGeminiError(original)).toBe(original);
	});
});

describe('mock Gemini server', () => {
	const sdk = () => new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: mock.url } });

	it('answers countTokens with a token total', async () => {
		const counted = await sdk().models.countTokens({ model: 'mock-flash', contents: 'Bonjour.' });
		expect(counted.totalTokens).toBeGreaterThan(0);
		expect(mock.stats()).toMatchObject({ requests: 1, generateRequests: 0 });
	});

	it('streams an answer as server-sent events', async () => {
		const stream = await sdk().models.generateContentStream({
			model: 'mock-flash',
			contents: buildUserText({ limit: 8, items: ITEMS }),
			config: { responseMimeType: 'application/json' }
		});
		let text = '';
		for await (const part of stream) text += part.text ?? '';
		const answer = JSON.parse(text) as string[][];
		expect(answer).toHaveLength(ITEMS.length);
		expect(answer.every((sentences) => sentences.length > 0)).toBe(true);
	});

	it('rewrites with only the item words, every sentence within the limit', async () => {
		const answer = await client().rewrite({ items: ITEMS, limit: 5, tier: 'flash' });
		const lower = (s: string) => s.toLocaleLowerCase('fr').replace(/[^\p{L}' -]/gu, ' ');
		for (const [index, item] of answer.items.entries()) {
			const source = lower(ITEMS[index].text).split(/\s+/).filter(Boolean);
			const output = lower(item.sentences.join(' ')).split(/\s+/).filter(Boolean);
			expect(output).toEqual(source);
			expect(item.sentences.every((s) => countWords(s) <= 5 && s.endsWith('.'))).toBe(true);
		}
	});

	it('refuses a request without an API key with 403 PERMISSION_DENIED', async () => {
		const res = await fetch(`${mock.url}/v1beta/models/mock-flash:generateContent`, {
			method: 'POST',
			body: JSON.stringify({ contents: [] })
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
	});

	it('reads a PDF part as page text', async () => {
		const response = await sdk().models.generateContent({
			model: 'mock-flash',
			contents: [
				{
					role: 'user',
					parts: [
						{ inlineData: { mimeType: 'application/pdf', data: 'JVBERi0xLjcK' } },
						{ text: 'Transcris cette page.' }
					]
				}
			]
		});
		expect(response.text).toBe('Texte de la page.');
	});

	it('waits fixedMs plus perOutputTokenMs per output token before answering', async () => {
		mock.setLatency({ fixedMs: 100, perOutputTokenMs: 2 });
		const started = Date.now();
		const answer = await client().rewrite({ items: ITEMS, limit: 8, tier: 'flash' });
		const expected = 100 + 2 * answer.usage.outputTokens;
		expect(Date.now() - started).toBeGreaterThanOrEqual(expected - 5);
	});

	it('gives every request containing a per-item fault that fault, until the plan changes', async () => {
		mock.setFaults({ items: { duchesse: 'server_error' } });
		expect((await rewriteError()).kind).toBe('server');
		expect((await rewriteError()).kind).toBe('server');
		const other = await client().rewrite({ items: [ITEMS[0]], limit: 8, tier: 'flash' });
		expect(other.items).toHaveLength(1);
		mock.setFaults({});
		await expect(
			client().rewrite({ items: ITEMS, limit: 8, tier: 'flash' })
		).resolves.toBeDefined();
	});

	it('draws rate faults from a seeded generator, the same on every run', async () => {
		const outcomes = async () => {
			mock.setFaults({ rate: 0.5, mix: ['server_error'] });
			const kinds: string[] = [];
			for (let n = 0; n < 8; n++) {
				kinds.push(
					await client()
						.rewrite({ items: ITEMS, limit: 8, tier: 'flash' })
						.then(
							() => 'ok',
							(err: GeminiError) => err.kind
						)
				);
			}
			return kinds;
		};
		const first = await outcomes();
		expect(first).toContain('ok');
		expect(first).toContain('server');
		expect(await outcomes()).toEqual(first);
	});

	it('counts item requests and completions, and can be driven over HTTP', async () => {
		const post = (path: string, body?: object) =>
			fetch(`${mock.url}${path}`, { method: 'POST', body: body && JSON.stringify(body) });
		expect((await post('/__mock/faults', { sequence: ['drop_item'] })).status).toBe(200);
		await client().rewrite({ items: ITEMS, limit: 8, tier: 'flash' });
		const stats = await (await fetch(`${mock.url}/__mock/stats`)).json();
		expect(stats).toEqual({
			requests: 1,
			generateRequests: 1,
			itemRequests: { [ITEMS[0].text]: 1, [ITEMS[1].text]: 1 },
			// drop_item left the first item out of the answer.
			itemCompletions: { [ITEMS[1].text]: 1 },
			promptTokens: expect.any(Number),
			outputTokens: expect.any(Number),
			sourceTokens: Math.ceil((ITEMS[0].text.length + ITEMS[1].text.length) / 4),
			contentTokens: expect.any(Number),
			modelMs: 0,
			longestCallMs: 0
		});
		// The billed answer holds the second item's sentences and the JSON around them.
		expect(stats.contentTokens).toBeGreaterThan(0);
		expect(stats.outputTokens).toBeGreaterThan(stats.contentTokens);
		expect(stats.promptTokens).toBeGreaterThan(stats.sourceTokens);
		expect((await post('/__mock/faults', { sequence: ['no_such_fault'] })).status).toBe(400);
		expect((await post('/__mock/latency', { fixedMs: 10 })).status).toBe(200);
		expect((await post('/__mock/reset')).status).toBe(200);
		expect(mock.stats()).toEqual({
			requests: 0,
			generateRequests: 0,
			itemRequests: {},
			itemCompletions: {},
			promptTokens: 0,
			outputTokens: 0,
			sourceTokens: 0,
			contentTokens: 0,
			modelMs: 0,
			longestCallMs: 0
		});
	});

	it('ends hanging requests when closed', async () => {
		const own = await startMockGemini({ port: 0 });
		own.setFaults({ sequence: ['hang'] });
		const pending = createGeminiClient({
			apiKey: KEY,
			baseUrl: own.url,
			models: MODELS,
			timeoutMs: 30_000
		})
			.rewrite({ items: ITEMS, limit: 8, tier: 'flash' })
			.catch((err: unknown) => err);
		await new Promise((resolve) => setTimeout(resolve, 100));
		await own.close();
		const error = await pending;
		expect(error).toBeInstanceOf(GeminiError);
		expect((error as GeminiError).kind).toBe('server');
	});
});
