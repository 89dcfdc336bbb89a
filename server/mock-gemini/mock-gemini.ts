/**
 * A mock Gemini server that the real @google/genai SDK can talk to (GEMINI-WIRE.md). Its
 * answers are deterministic rewrites made only of each item's own words; it counts how
 * often each item is asked, injects faults on demand and models latency, so tests and
 * benchmarks can run AI mode without a key or a network.
 */
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { words } from '../../src/lib/shared/text/word-count.ts';

const FAULT_KINDS = [
	'rate_limit',
	'daily_quota',
	'server_error',
	'unavailable',
	'hang',
	'malformed_json',
	'max_tokens',
	'safety',
	'drop_item',
	'over_limit',
	'skip_passage',
	'bad_key'
] as const;

/** What can go wrong with one request. */
export type FaultKind = (typeof FAULT_KINDS)[number];

const faultSchema = z.union([
	z.enum(FAULT_KINDS),
	z.object({
		kind: z.enum(FAULT_KINDS),
		/** RetryInfo.retryDelay of a 429, e.g. "2s"; "1s" when absent. */
		retryDelay: z
			.string()
			.regex(/^\d+(\.\d+)?s$/)
			.optional()
	})
]);

/** A fault by name, or with options. */
export type Fault = z.infer<typeof faultSchema>;

const faultPlanSchema = z.object({
	/** Applied to the next generate requests, one each, in order. */
	sequence: z.array(faultSchema).optional(),
	/** Probability (seeded) that a request gets a fault drawn from `mix`. */
	rate: z.number().min(0).max(1).optional(),
	mix: z.array(faultSchema).min(1).optional(),
	/** Permanent faults: any request with an item whose text contains the key gets it. */
	items: z.record(z.string(), faultSchema).optional()
});

/** Which faults to inject. Precedence per request: sequence, then items, then rate. */
export type FaultPlan = z.infer<typeof faultPlanSchema>;

const latencySchema = z.object({
	fixedMs: z.number().min(0),
	perOutputTokenMs: z.number().min(0)
});

/** Time before an answer: fixedMs + perOutputTokenMs × output tokens. */
export type LatencyModel = z.infer<typeof latencySchema>;

/** What the mock has seen since the last reset. */
export interface MockGeminiStats {
	/** Requests to model endpoints (generate, stream, countTokens). */
	requests: number;
	generateRequests: number;
	/** Item text → generate requests that contained it. */
	itemRequests: Record<string, number>;
	/** Item text → 200 answers that carried it. */
	itemCompletions: Record<string, number>;
}

/** The last model request, as received. */
export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

/** A running mock Gemini server. */
export interface MockGemini {
	/** Base URL for `httpOptions.baseUrl`, e.g. http://127.0.0.1:8787. */
	url: string;
	/** Ends hanging requests, closes every socket and stops listening. */
	close(): Promise<void>;
	stats(): MockGeminiStats;
	resetStats(): void;
	/** Replaces the fault plan (and restarts the seeded random draws). */
	setFaults(plan: FaultPlan): void;
	setLatency(latency: Partial<LatencyModel>): void;
	lastRequest(): RecordedRequest | undefined;
}

/** Options of `startMockGemini`. */
export interface MockGeminiOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	host?: string;
	latency?: LatencyModel;
	/** Seed of the fault-rate draws. */
	seed?: number;
}

/** Faults that `rate` draws from when the plan has no `mix`: the transient and answer faults. */
const DEFAULT_MIX: Fault[] = [
	'rate_limit',
	'server_error',
	'unavailable',
	'malformed_json',
	'max_tokens',
	'drop_item',
	'over_limit',
	'skip_passage'
];

/** Gemini bills roughly this many tokens for one PDF page. */
const TOKENS_PER_PDF_PART = 258;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MODEL_PATH =
	/^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** Starts a mock Gemini server; resolves once it listens. */
export async function startMockGemini(options: MockGeminiOptions = {}): Promise<MockGemini> {
	const initialLatency: LatencyModel = options.latency ?? { fixedMs: 0, perOutputTokenMs: 0 };
	const seed = options.seed ?? 1;
	let latency = { ...initialLatency };
	let plan: FaultPlan = {};
	let queue: Fault[] = [];
	let random = mulberry32(seed);
	let stats = emptyStats();
	let last: RecordedRequest | undefined;

	const setFaults = (next: FaultPlan) => {
		plan = faultPlanSchema.parse(next);
		queue = [...(plan.sequence ?? [])];
		// The same plan gives the same draws, whatever ran before it.
		random = mulberry32(seed);
	};
	const setLatency = (next: Partial<LatencyModel>) => {
		latency = latencySchema.parse({ ...latency, ...next });
	};

	/** The fault for one request, and the index of the item it targets. */
	const pickFault = (items: ContractItem[]): { fault: Fault; target: number } | undefined => {
		const next = queue.shift();
		if (next) return { fault: next, target: 0 };
		for (const [needle, fault] of Object.entries(plan.items ?? {})) {
			const target = items.findIndex((item) => item.text.includes(needle));
			if (target >= 0) return { fault, target };
		}
		if (plan.rate && random() < plan.rate) {
			const mix = plan.mix ?? DEFAULT_MIX;
			return { fault: mix[Math.floor(random() * mix.length)], target: 0 };
		}
		return undefined;
	};

	async function generate(
		res: ServerResponse,
		model: string,
		body: GenerateBody,
		stream: boolean,
		gone: AbortSignal
	): Promise<void> {
		stats.generateRequests++;
		const request = readGenerateRequest(body);
		for (const item of request.items) bump(stats.itemRequests, item.text);

		const picked = pickFault(request.items);
		const kind = picked && faultKind(picked.fault);
		// A hang answers nothing; the socket's close (client or close()) ends it.
		if (kind === 'hang') return;
		const httpError = picked && errorFor(picked.fault);
		if (httpError) {
			if (!(await sleep(latency.fixedMs, gone))) return;
			return sendJson(res, httpError.status, httpError.body);
		}

		const answer = answerFor(request, kind, picked?.target ?? 0);
		const promptTokens = request.promptTokens;
		const outputTokens = answer.text === undefined ? 0 : Math.ceil(answer.text.length / 4);
		const usageMetadata = {
			promptTokenCount: promptTokens,
			candidatesTokenCount: outputTokens,
			totalTokenCount: promptTokens + outputTokens,
			cachedContentTokenCount: 0
		};
		const response =
			answer.text === undefined
				? {
						promptFeedback: {
							blockReason: 'SAFETY',
							safetyRatings: [
								{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }
							]
						},
						usageMetadata: { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
						modelVersion: model
					}
				: {
						candidates: [
							{
								content: { role: 'model', parts: [{ text: answer.text }] },
								finishReason: answer.finishReason,
								index: 0
							}
						],
						usageMetadata,
						modelVersion: model,
						responseId: `mock-${stats.generateRequests}`
					};

		const waitMs = latency.fixedMs + latency.perOutputTokenMs * outputTokens;
		if (!(await sleep(waitMs, gone))) return;
		for (const text of answer.completed) bump(stats.itemCompletions, text);
		if (stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.end(`data: ${JSON.stringify(response)}\r\n\r\n`);
		} else sendJson(res, 200, response);
	}

	async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
		const route = `${req.method} ${path}`;
		if (route === 'GET /__mock/stats') return sendJson(res, 200, structuredClone(stats));
		if (route === 'GET /__mock/last-request') return sendJson(res, 200, last ?? null);
		if (route === 'POST /__mock/reset') {
			// A full reset, so that one e2e scenario cannot leak faults into the next.
			stats = emptyStats();
			setFaults({});
			latency = { ...initialLatency };
			return sendJson(res, 200, { ok: true });
		}
		if (route === 'POST /__mock/faults' || route === 'POST /__mock/latency') {
			try {
				const body: unknown = JSON.parse((await readBody(req)).toString('utf8') || '{}');
				if (path === '/__mock/faults') setFaults(body as FaultPlan);
				else setLatency(body as Partial<LatencyModel>);
				return sendJson(res, 200, { ok: true });
			} catch (err) {
				return sendJson(res, 400, { error: { code: 400, message: String(err) } });
			}
		}
		return sendJson(res, 404, googleError(404, 'NOT_FOUND', `No mock control at ${route}`));
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://mock.invalid');
		if (url.pathname.startsWith('/__mock/')) return control(req, res, url.pathname);

		const match = req.method === 'POST' ? MODEL_PATH.exec(url.pathname) : null;
		if (!match) {
			return sendJson(
				res,
				404,
				googleError(404, 'NOT_FOUND', `${req.method} ${url.pathname} is not a Gemini method`)
			);
		}
		stats.requests++;
		const [, model, method] = match;
		// Aborted when the client goes away before the answer is written.
		const gone = new AbortController();
		res.on('close', () => {
			if (!res.writableFinished) gone.abort();
		});

		let body: GenerateBody;
		try {
			const raw = await readBody(req);
			body = JSON.parse(raw.toString('utf8')) as GenerateBody;
		} catch (err) {
			const tooLarge = err instanceof BodyTooLarge;
			return sendJson(
				res,
				tooLarge ? 413 : 400,
				googleError(
					tooLarge ? 413 : 400,
					'INVALID_ARGUMENT',
					tooLarge ? 'Request too large' : 'Invalid JSON payload received.'
				)
			);
		}
		last = {
			method: req.method ?? 'POST',
			path: url.pathname + url.search,
			headers: req.headers,
			body
		};

		if (!req.headers['x-goog-api-key'] && !url.searchParams.get('key')) {
			return sendJson(
				res,
				403,
				googleError(
					403,
					'PERMISSION_DENIED',
					"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
				)
			);
		}
		if (method === 'countTokens') {
			return sendJson(res, 200, { totalTokens: Math.ceil(JSON.stringify(body).length / 4) });
		}
		return generate(res, model, body, method === 'streamGenerateContent', gone.signal);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((err: unknown) => {
			if (!res.headersSent) sendJson(res, 500, googleError(500, 'INTERNAL', String(err)));
			else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { address, port } = server.address() as AddressInfo;
	const host = address.includes(':') ? `[${address}]` : address;

	return {
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				// Hanging requests and idle keep-alive sockets would otherwise hold close() open.
				server.closeAllConnections();
			}),
		stats: () => structuredClone(stats),
		resetStats: () => {
			stats = emptyStats();
		},
		setFaults,
		setLatency,
		lastRequest: () => last
	};
}

// ---- Requests ----

interface GenerateBody {
	contents?: { role?: string; parts?: Part[] }[];
	systemInstruction?: { parts?: Part[] };
	generationConfig?: { responseMimeType?: string; responseSchema?: unknown };
}

interface Part {
	text?: string;
	inlineData?: { mimeType?: string; data?: string };
}

/** One item of the relay's user text (prompt.ts, buildUserText). */
interface ContractItem {
	i: number;
	text: string;
}

interface GenerateRequest {
	/** The items of `{limit, items}`, empty when the user text is not that contract. */
	items: ContractItem[];
	limit: number;
	hasPdf: boolean;
	wantsJson: boolean;
	promptTokens: number;
}

function readGenerateRequest(body: GenerateBody): GenerateRequest {
	const contents = Array.isArray(body.contents) ? body.contents : [];
	const parts = contents.flatMap((c) => (Array.isArray(c.parts) ? c.parts : []));
	const systemParts = body.systemInstruction?.parts ?? [];
	const hasPdf = parts.some((p) => p.inlineData?.mimeType === 'application/pdf');
	const textChars = [...systemParts, ...parts].reduce((n, p) => n + (p.text?.length ?? 0), 0);
	const pdfParts = parts.filter((p) => p.inlineData).length;
	const config = body.generationConfig ?? {};

	const userText = [...contents]
		.reverse()
		.find((c) => (c.role ?? 'user') === 'user')
		?.parts?.filter((p) => typeof p.text === 'string')
		.at(-1)?.text;
	const contract = hasPdf ? undefined : parseContract(userText);
	return {
		items: contract?.items ?? [],
		limit: contract?.limit ?? 8,
		hasPdf,
		wantsJson:
			config.responseSchema !== undefined || config.responseMimeType === 'application/json',
		promptTokens: Math.ceil(textChars / 4) + TOKENS_PER_PDF_PART * pdfParts
	};
}

const contractSchema = z.object({
	limit: z.number().int().min(1),
	items: z.array(z.object({ i: z.number(), text: z.string() }))
});

function parseContract(text: string | undefined): z.infer<typeof contractSchema> | undefined {
	if (text === undefined) return undefined;
	try {
		const parsed = contractSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

// ---- Answers ----

interface MockAnswer {
	/** The answer text; undefined for a prompt blocked by safety. */
	text: string | undefined;
	finishReason: 'STOP' | 'MAX_TOKENS';
	/** Item texts whose rewrite the client can read in this answer. */
	completed: string[];
}

/** The deterministic answer, with an answer-level fault applied to item `target`. */
function answerFor(
	request: GenerateRequest,
	kind: FaultKind | undefined,
	target: number
): MockAnswer {
	if (kind === 'safety') return { text: undefined, finishReason: 'STOP', completed: [] };

	let text: string;
	let completed: string[] = [];
	if (request.hasPdf) text = 'Texte de la page.';
	else {
		const { limit } = request;
		const answered = request.items.flatMap((item, index) => {
			if (index !== target) return [{ item, sentences: rewrite(item.text, limit) }];
			if (kind === 'drop_item') return [];
			if (kind === 'over_limit') return [{ item, sentences: [overLimit(item.text, limit)] }];
			if (kind === 'skip_passage') {
				return [{ item, sentences: [sentence(words(item.text).slice(0, Math.min(3, limit)))] }];
			}
			return [{ item, sentences: rewrite(item.text, limit) }];
		});
		completed = answered.map((a) => a.item.text);
		text = request.wantsJson
			? JSON.stringify({ items: answered.map((a) => ({ i: a.item.i, sentences: a.sentences })) })
			: answered.flatMap((a) => a.sentences).join('\n');
	}

	if (kind === 'malformed_json') {
		// What a model does when it forgets it must answer JSON only.
		return { text: `Voici les phrases réécrites : ${text}`, finishReason: 'STOP', completed: [] };
	}
	if (kind === 'max_tokens') {
		return {
			text: text.slice(0, Math.ceil(text.length / 2)),
			finishReason: 'MAX_TOKENS',
			completed: []
		};
	}
	return { text, finishReason: 'STOP', completed };
}

/** The item's own words in order, in runs of at most `limit` balanced in length. */
function rewrite(text: string, limit: number): string[] {
	const all = words(text);
	if (all.length === 0) return [];
	const runs = Math.ceil(all.length / limit);
	const size = Math.ceil(all.length / runs);
	const out: string[] = [];
	for (let start = 0; start < all.length; start += size)
		out.push(sentence(all.slice(start, start + size)));
	return out;
}

/** One sentence over the limit: all the words, repeated if there are too few. */
function overLimit(text: string, limit: number): string {
	const all = words(text);
	const pool = all.length > 0 ? all : ['mot'];
	const out = [...all];
	while (out.length <= limit) out.push(pool[out.length % pool.length]);
	return sentence(out);
}

function sentence(ws: string[]): string {
	const joined = ws.join(' ');
	return joined.charAt(0).toLocaleUpperCase('fr') + joined.slice(1) + '.';
}

// ---- Faults that are HTTP errors ----

function faultKind(fault: Fault): FaultKind {
	return typeof fault === 'string' ? fault : fault.kind;
}

function errorFor(fault: Fault): { status: number; body: object } | undefined {
	const kind = faultKind(fault);
	const retryDelay = (typeof fault === 'object' && fault.retryDelay) || '1s';
	switch (kind) {
		case 'rate_limit':
			return {
				status: 429,
				body: googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'You exceeded your current quota, please check your plan and billing details.',
					[
						quotaFailure('GenerateRequestsPerMinutePerProjectPerModel-FreeTier'),
						{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }
					]
				)
			};
		case 'daily_quota':
			// Real daily-quota answers carry a RetryInfo too; clients must not trust it.
			return {
				status: 429,
				body: googleError(
					429,
					'RESOURCE_EXHAUSTED',
					'You exceeded your current quota, please check your plan and billing details.',
					[
						quotaFailure('GenerateRequestsPerDayPerProjectPerModel-FreeTier'),
						{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }
					]
				)
			};
		case 'server_error':
			return {
				status: 500,
				body: googleError(
					500,
					'INTERNAL',
					'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
				)
			};
		case 'unavailable':
			return {
				status: 503,
				body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
			};
		case 'bad_key':
			return {
				status: 403,
				body: googleError(
					403,
					'PERMISSION_DENIED',
					'API key not valid. Please pass a valid API key.',
					[
						{
							'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
							reason: 'API_KEY_INVALID',
							domain: 'googleapis.com'
						}
					]
				)
			};
		default:
			return undefined;
	}
}

function googleError(code: number, status: string, message: string, details: object[] = []) {
	return { error: { code, message, status, ...(details.length > 0 ? { details } : {}) } };
}

function quotaFailure(quotaId: string) {
	return {
		'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
		violations: [
			{
				quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
				quotaId
			}
		]
	};
}

// ---- Plumbing ----

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
	res.end(JSON.stringify(body));
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
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

function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

function emptyStats(): MockGeminiStats {
	return { requests: 0, generateRequests: 0, itemRequests: {}, itemCompletions: {} };
}

/** A small seeded PRNG, so a fault rate gives the same faults on every run. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
