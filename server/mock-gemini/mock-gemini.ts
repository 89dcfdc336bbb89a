/**
 * A mock Gemini server that the real @google/genai SDK can talk to (GEMINI-WIRE.md). Its
 * answers are deterministic rewrites made only of each item's own words (answers.ts); it
 * counts how often each item is asked and the tokens it bills (stats.ts, tokens.ts), injects
 * faults on demand (faults.ts) and models latency (latency.ts), so tests and benchmarks can
 * run AI mode without a key or a network.
 */
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFor } from './answers.ts';
import { FaultPicker, errorFor, faultKind, type FaultPlan } from './faults.ts';
import { ZERO_LATENCY, answerDelayMs, latencySchema, sleep, type LatencyModel } from './latency.ts';
import { addModelTime, bump, emptyStats, type MockGeminiStats } from './stats.ts';
import { CHARS_PER_TOKEN, tokensOf } from './tokens.ts';
import {
	BodyTooLarge,
	googleError,
	readBody,
	readGenerateRequest,
	sendJson,
	type GenerateBody
} from './wire.ts';

export type { Fault, FaultKind, FaultPlan } from './faults.ts';
export { DEFAULT_MIX, TRANSIENT_MIX } from './faults.ts';
export type { LatencyModel } from './latency.ts';
export type { MockGeminiStats } from './stats.ts';

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

const MODEL_PATH =
	/^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** Starts a mock Gemini server; resolves once it listens. */
export async function startMockGemini(options: MockGeminiOptions = {}): Promise<MockGemini> {
	const initialLatency: LatencyModel = options.latency ?? ZERO_LATENCY;
	let latency = { ...initialLatency };
	const faults = new FaultPicker(options.seed ?? 1);
	let stats = emptyStats();
	let last: RecordedRequest | undefined;

	const setFaults = (next: FaultPlan) => faults.set(next);
	const setLatency = (next: Partial<LatencyModel>) => {
		latency = latencySchema.parse({ ...latency, ...next });
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

		const picked = faults.pick(request.items.map((item) => item.text));
		const kind = picked && faultKind(picked.fault);
		// A hang answers nothing; the socket's close (client or close()) ends it.
		if (kind === 'hang') return;
		const httpError = picked && errorFor(picked.fault);
		if (httpError) {
			if (!(await sleep(latency.fixedMs, gone))) return;
			addModelTime(stats, latency.fixedMs);
			return sendJson(res, httpError.status, httpError.body);
		}

		const answer = answerFor(request, kind, picked?.target ?? 0);
		const promptTokens = request.promptTokens;
		const outputTokens = answer.text === undefined ? 0 : tokensOf(answer.text);
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

		const waitMs = answerDelayMs(latency, outputTokens);
		if (!(await sleep(waitMs, gone))) return;
		addModelTime(stats, waitMs);
		// Billed: Gemini bills every answer it wrote, usable or not.
		stats.promptTokens += promptTokens;
		stats.outputTokens += outputTokens;
		stats.sourceTokens += request.sourceTokens;
		stats.contentTokens += Math.ceil(answer.contentChars / CHARS_PER_TOKEN);
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
			return sendJson(res, 200, { totalTokens: tokensOf(JSON.stringify(body)) });
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
