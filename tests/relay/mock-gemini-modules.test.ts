import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultPicker, TRANSIENT_MIX, errorFor } from '../../server/mock-gemini/faults.ts';
import { answerDelayMs } from '../../server/mock-gemini/latency.ts';
import { startMockGemini, type MockGemini } from '../../server/mock-gemini/mock-gemini.ts';
import { tokensOf } from '../../server/mock-gemini/tokens.ts';

describe('mock latency model', () => {
	it('waits a fixed time plus a time per output token', () => {
		expect(answerDelayMs({ fixedMs: 1000, perOutputTokenMs: 4 }, 250)).toBe(2000);
		expect(answerDelayMs({ fixedMs: 1000, perOutputTokenMs: 4 }, 0)).toBe(1000);
	});
});

describe('mock token count', () => {
	it('counts one token per 4 characters, rounded up', () => {
		expect(tokensOf('')).toBe(0);
		expect(tokensOf('abcd')).toBe(1);
		expect(tokensOf('abcde')).toBe(2);
	});
});

describe('mock fault picker', () => {
	it('draws the same faults from the same plan and seed', () => {
		const draw = () => {
			const picker = new FaultPicker(7);
			picker.set({ rate: 0.5, mix: TRANSIENT_MIX });
			return Array.from({ length: 40 }, () => picker.pick(['a'])?.fault);
		};
		const first = draw();
		expect(first.filter(Boolean).length).toBeGreaterThan(5);
		expect(draw()).toEqual(first);
	});

	it('applies a sequence before item faults, and item faults to the item that holds the text', () => {
		const picker = new FaultPicker(1);
		picker.set({ sequence: ['server_error'], items: { duc: 'over_limit' } });
		expect(picker.pick(['le duc'])).toEqual({ fault: 'server_error', target: 0 });
		expect(picker.pick(['la reine', 'le duc'])).toEqual({ fault: 'over_limit', target: 1 });
		expect(picker.pick(['la reine'])).toBeUndefined();
	});

	it('answers a transient HTTP fault with the status Gemini uses', () => {
		expect(errorFor('rate_limit')?.status).toBe(429);
		expect(errorFor('unavailable')?.status).toBe(503);
		expect(errorFor('max_tokens')).toBeUndefined();
	});
});

describe('mock usageMetadata and model time', () => {
	let mock: MockGemini;
	beforeAll(async () => {
		mock = await startMockGemini({ latency: { fixedMs: 20, perOutputTokenMs: 1 } });
	});
	afterAll(() => mock.close());

	it('reports input and output tokens, and waits 20 ms + 1 ms per output token', async () => {
		const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: mock.url } });
		const items = ["Le duc d'Orléans se retira dans ses terres avec toute sa maison et ses gens."];
		const user = JSON.stringify({ limit: 5, items });
		const response = await ai.models.generateContent({
			model: 'mock-flash',
			contents: user,
			config: { systemInstruction: 'Rewrite.', responseMimeType: 'application/json' }
		});
		const text = response.text ?? '';
		// Items as plain strings get one array of sentences per item, in order, with no keys.
		const answer = JSON.parse(text) as string[][];
		expect(answer).toHaveLength(1);
		const outputTokens = tokensOf(text);
		expect(response.usageMetadata).toMatchObject({
			promptTokenCount: Math.ceil((user.length + 'Rewrite.'.length) / 4),
			candidatesTokenCount: outputTokens,
			totalTokenCount: response.usageMetadata!.promptTokenCount! + outputTokens
		});
		const stats = mock.stats();
		expect(stats.modelMs).toBe(20 + outputTokens);
		expect(stats.longestCallMs).toBe(20 + outputTokens);
		expect(stats.sourceTokens).toBe(tokensOf(items[0]));
		expect(stats.contentTokens).toBe(Math.ceil(answer[0].join('').length / 4));
	});
});
