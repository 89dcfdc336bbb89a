import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pagePlaceholders } from '../../src/lib/shared/pipeline/scanned-pages.ts';
import {
	errorOf,
	makeClient,
	signUp,
	relayBackends,
	startTestStack,
	type TestStack,
	type TestUser
} from './relay-fixtures.ts';

const SCAN = new Uint8Array(readFileSync('tests/fixtures/ocrmypdf__francais.pdf'));

interface SentBody {
	contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
	systemInstruction?: { parts: { text?: string }[] };
}

function readInput(clientJobId: string, pdf = SCAN) {
	return {
		clientJobId,
		pageFrom: 1,
		pageTo: 1,
		pdfBase64: Buffer.from(pdf).toString('base64')
	};
}

/** A signed-in user whose job holds a reservation sized for `pages` scanned pages. */
async function reservedJob(stack: TestStack, pages = [1]): Promise<[TestUser, string]> {
	const user = await signUp(stack.relay.url);
	const jobId = `scan-${crypto.randomUUID()}`;
	await user.client.jobs.reserve.mutate({
		clientJobId: jobId,
		items: pagePlaceholders(pages),
		settings: { limit: 8 }
	});
	return [user, jobId];
}

describe.each(relayBackends())('on %s', (backend) => {
	describe('pages.read: scanned pages through the real SDK to the mock Gemini', () => {
		let stack: TestStack;
		beforeAll(async () => {
			stack = await startTestStack({}, { backend });
		});
		afterAll(async () => {
			await stack.close();
		});
		beforeEach(() => {
			stack.mock.resetStats();
			stack.mock.setFaults({});
		});

		it('sends the PDF bytes as inline application/pdf data and returns the page text', async () => {
			const [user, jobId] = await reservedJob(stack);
			const res = await user.client.pages.read.mutate(readInput(jobId));
			expect(res.text).toBe('Texte de la page.');

			const body = stack.mock.lastRequest()?.body as SentBody;
			const parts = body.contents.flatMap((c) => c.parts);
			const pdfParts = parts.filter((p) => p.inlineData);
			expect(pdfParts).toHaveLength(1);
			expect(pdfParts[0].inlineData?.mimeType).toBe('application/pdf');
			expect(Buffer.from(pdfParts[0].inlineData!.data, 'base64').equals(Buffer.from(SCAN))).toBe(
				true
			);
			const instruction = body.systemInstruction?.parts.map((p) => p.text).join('') ?? '';
			expect(instruction).toMatch(/Transcribe the French body text/);
			expect(stack.mock.stats().generateRequests).toBe(1);
		});

		it('settles the usage Gemini billed against the job’s reservation', async () => {
			const [user, jobId] = await reservedJob(stack);
			const before = await user.client.jobs.get.query({ clientJobId: jobId });
			expect(before.settled).toBe(0);
			const res = await user.client.pages.read.mutate(readInput(jobId));
			// The mock bills 258 tokens per PDF part plus the text it was sent and answered.
			expect(res.usage.promptTokens).toBeGreaterThanOrEqual(258);
			expect(res.usage.totalTokens).toBe(res.usage.promptTokens + res.usage.outputTokens);
			const after = await user.client.jobs.get.query({ clientJobId: jobId });
			expect(after.tokens).toBe(res.usage.totalTokens);
			expect(after.chunksSettled).toBe(1);
			expect(after.settled).toBeGreaterThan(0);
			expect(res.credits.charged).toBe(after.settled);
			expect(after.remaining).toBeCloseTo(after.reserved - after.settled, 6);
		});

		it('refuses a signed-out caller with 401, before Gemini is asked', async () => {
			const anon = makeClient(stack.relay.url);
			const err = await errorOf(anon.pages.read.mutate(readInput('anything')));
			expect(err.data?.httpStatus).toBe(401);
			expect(stack.mock.stats().generateRequests).toBe(0);
		});

		it('refuses a job without a reservation with 402 no_reservation, before Gemini is asked', async () => {
			const user = await signUp(stack.relay.url);
			const err = await errorOf(user.client.pages.read.mutate(readInput('never-reserved')));
			expect(err.data?.httpStatus).toBe(402);
			expect((err.data as { kind?: string }).kind).toBe('no_reservation');
			expect(stack.mock.stats().generateRequests).toBe(0);
		});

		it('refuses more than five pages, a reversed range and a body that is not base64', async () => {
			const [user, jobId] = await reservedJob(stack);
			const tooMany = await errorOf(
				user.client.pages.read.mutate({ ...readInput(jobId), pageFrom: 1, pageTo: 6 })
			);
			expect(tooMany.data?.httpStatus).toBe(400);
			const reversed = await errorOf(
				user.client.pages.read.mutate({ ...readInput(jobId), pageFrom: 3, pageTo: 2 })
			);
			expect(reversed.data?.httpStatus).toBe(400);
			const notBase64 = await errorOf(
				user.client.pages.read.mutate({ ...readInput(jobId), pdfBase64: 'not base64!' })
			);
			expect(notBase64.data?.httpStatus).toBe(400);
			expect(stack.mock.stats().generateRequests).toBe(0);
		});

		it('maps a Gemini failure like chunks.normalize and still settles what was billed', async () => {
			const [user, jobId] = await reservedJob(stack);
			stack.mock.setFaults({ sequence: ['server_error'] });
			const err = await errorOf(user.client.pages.read.mutate(readInput(jobId)));
			expect(err.data?.httpStatus).toBe(502);
			expect((err.data as { kind?: string }).kind).toBe('server');

			stack.mock.setFaults({ sequence: ['max_tokens'] });
			const cut = await errorOf(user.client.pages.read.mutate(readInput(jobId)));
			expect((cut.data as { kind?: string }).kind).toBe('truncated');
			const job = await user.client.jobs.get.query({ clientJobId: jobId });
			expect(job.chunksSettled).toBe(1);
			expect(job.tokens).toBeGreaterThan(0);
		});
	});
});
