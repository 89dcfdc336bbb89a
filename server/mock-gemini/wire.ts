/**
 * The mock's wire format (GEMINI-WIRE.md): reading a generateContent body and the relay's
 * chunk contract inside it, writing Google's success and error bodies, and the HTTP plumbing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CHARS_PER_TOKEN, TOKENS_PER_PDF_PART, tokensOf } from './tokens.ts';

/** A generateContent body, as much of it as the mock reads. */
export interface GenerateBody {
	contents?: { role?: string; parts?: Part[] }[];
	systemInstruction?: { parts?: Part[] };
	generationConfig?: { responseMimeType?: string; responseSchema?: unknown };
}

interface Part {
	text?: string;
	inlineData?: { mimeType?: string; data?: string };
}

/** One item of the relay's user text (server/gemini/prompt.ts). */
export interface ContractItem {
	/** The item's `i` in the keyed contract; its position in the ordered one. */
	i: number;
	text: string;
}

/** A generate request, read. */
export interface GenerateRequest {
	/** The chunk's items, empty when the user text is not the relay's contract. */
	items: ContractItem[];
	/**
	 * `ordered`: items are strings and the answer is one array of sentences per item, in input
	 * order, with no keys. `keyed`: items are `{i, text}` and the answer `{items: [{i, sentences}]}`.
	 */
	shape: 'ordered' | 'keyed';
	limit: number;
	hasPdf: boolean;
	wantsJson: boolean;
	promptTokens: number;
	/** Tokens of the items' texts alone. */
	sourceTokens: number;
}

/** Reads a generateContent body: its chunk, its answer format and its token count. */
export function readGenerateRequest(body: GenerateBody): GenerateRequest {
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
	const items = contract?.items ?? [];
	return {
		items,
		shape: contract?.shape ?? 'keyed',
		limit: contract?.limit ?? 8,
		hasPdf,
		wantsJson:
			config.responseSchema !== undefined || config.responseMimeType === 'application/json',
		promptTokens: Math.ceil(textChars / CHARS_PER_TOKEN) + TOKENS_PER_PDF_PART * pdfParts,
		sourceTokens: tokensOf(items.map((item) => item.text).join(''))
	};
}

const contractSchema = z.object({
	limit: z.number().int().min(1),
	items: z.union([
		z.array(z.object({ i: z.number(), text: z.string() })),
		z.array(z.union([z.string(), z.object({ text: z.string() })]))
	])
});

function parseContract(
	text: string | undefined
): { limit: number; items: ContractItem[]; shape: GenerateRequest['shape'] } | undefined {
	if (text === undefined) return undefined;
	try {
		const parsed = contractSchema.safeParse(JSON.parse(text));
		if (!parsed.success) return undefined;
		const { limit, items } = parsed.data;
		const keyed = items.every((item) => typeof item === 'object' && 'i' in item);
		return {
			limit,
			shape: keyed ? 'keyed' : 'ordered',
			items: items.map((item, index) =>
				typeof item === 'string'
					? { i: index, text: item }
					: { i: 'i' in item ? (item.i as number) : index, text: item.text }
			)
		};
	} catch {
		return undefined;
	}
}

/** Google's error body. */
export function googleError(code: number, status: string, message: string, details: object[] = []) {
	return { error: { code, message, status, ...(details.length > 0 ? { details } : {}) } };
}

/** A body over the mock's size limit. */
export class BodyTooLarge extends Error {}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The whole request body, or BodyTooLarge. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
	res.end(JSON.stringify(body));
}
