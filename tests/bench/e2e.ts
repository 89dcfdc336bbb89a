// End to end in AI mode (issue 11, goals 5 and 6): a book dropped, its text extracted with
// the product's pdf.js core, split into sentences, planned into chunks by the client's planner
// (small first chunks, then larger) and sent to one relay `width` chunks at a time, against the
// mock Gemini at 1 s + 4 ms per output token. The bound is total model time / width + the
// longest call, both as the mock measured them. Tokens come from the mock's usageMetadata.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockGeminiStats } from '../../server/mock-gemini/mock-gemini.ts';
import { planChunks, chunkItems } from '../../src/lib/shared/pipeline/chunk-planner.ts';
import { segmentPages } from '../../src/lib/shared/text/segment.ts';
import {
	benchChunkInput,
	signUpReader,
	startMockProcess,
	startRelayProcess
} from './bench-processes.ts';
import { record } from './results.ts';

const ROOT = join(import.meta.dirname, '../..');
const GERMINAL = join(ROOT, '../shared/corpus/french/zola_germinal__elg_word_acrobat.pdf');
const FALLBACK = join(ROOT, 'tests/fixtures/saint-simon_memoires_XX__pandoc_xetex_10pt.pdf');
const LIMIT = 8;
/** The browser's first chunk (src/lib/jobs/job-manager.ts, FIRST_CHUNK_ITEMS). */
const FIRST_ITEMS = 4;

/** Records e2e.wall_over_bound, e2e.first_results_s, tokens.input_per_source, tokens.output_json_share. */
export async function benchE2e(opts: { width?: number; file?: string } = {}) {
	const width = opts.width ?? 16;
	const file = opts.file ?? (existsSync(GERMINAL) ? GERMINAL : FALLBACK);
	if (file === FALLBACK)
		console.log('e2e: ../shared/corpus missing, Germinal replaced by Saint-Simon');
	const mock = await startMockProcess({ fixedMs: 1000, perOutputTokenMs: 4 });
	const relay = await startRelayProcess(mock.url, {
		GEMINI_MAX_CONCURRENCY: String(width),
		IN_FLIGHT_PER_USER: String(width),
		CLIENT_CONCURRENCY: String(width),
		CHUNK_CALLS_PER_MINUTE: '100000',
		MONTHLY_GRANT_CREDITS: '10000000'
	});
	try {
		const user = await signUpReader(relay.url);
		const config = await user.client.config.get.query();
		const { createNodePdfCore } = await import('../../src/lib/pdf/pdf-core-node.ts');
		const bytes = new Uint8Array(readFileSync(file));

		const dropped = performance.now();
		const extraction = await createNodePdfCore().extract(bytes, {});
		if (!extraction.ok) throw new Error(`e2e: ${file}: ${extraction.message}`);
		const sentences = segmentPages(extraction.pages);
		const extractedS = (performance.now() - dropped) / 1000;
		const byIndex = new Map(sentences.map((s) => [s.index, s]));
		const plans = planChunks(sentences, {
			limit: LIMIT,
			maxItems: config.limits.maxItemsPerChunk,
			maxChars: config.limits.maxChunkChars,
			firstItems: FIRST_ITEMS
		});
		const clientJobId = `e2e-${Date.now()}`;
		await user.client.jobs.reserve.mutate({
			clientJobId,
			items: sentences.map((s) => ({ i: s.index, text: s.text })),
			settings: { limit: LIMIT }
		});
		let firstResults = NaN;
		let next = 0;
		let repaired = 0;
		let failed = 0;
		const worker = async () => {
			while (next < plans.length) {
				const plan = plans[next++];
				const items = chunkItems(plan, byIndex);
				for (let attempt = 1; ; attempt++) {
					try {
						const res = await user.client.chunks.normalize.mutate(
							benchChunkInput(clientJobId, items, LIMIT)
						);
						repaired += res.items.filter((r) => r.source === 'repaired').length;
						if (Number.isNaN(firstResults)) firstResults = (performance.now() - dropped) / 1000;
						break;
					} catch (err) {
						if (attempt >= 5) {
							failed++;
							console.log(`e2e: chunk ${plan.index} failed: ${String(err)}`);
							break;
						}
					}
				}
			}
		};
		await Promise.all(Array.from({ length: width }, worker));
		const wallS = (performance.now() - dropped) / 1000;
		const stats = (await (await fetch(`${mock.url}/__mock/stats`)).json()) as MockGeminiStats;
		const boundS = stats.modelMs / 1000 / width + stats.longestCallMs / 1000;
		const name = file === GERMINAL ? 'germinal' : 'saint-simon';
		console.log(
			`e2e (${name}): ${sentences.length} sentences, ${plans.length} chunks, wall ${wallS.toFixed(1)} s, ` +
				`bound ${boundS.toFixed(1)} s (model ${(stats.modelMs / 1000).toFixed(0)} s / ${width} + longest ${(stats.longestCallMs / 1000).toFixed(1)} s), ` +
				`${repaired} repaired, ${failed} failed chunks; extraction took ${extractedS.toFixed(1)} s`
		);
		record(
			'e2e.wall_over_bound',
			Number((wallS / boundS).toFixed(3)),
			'ratio',
			`≤ 1.15 (goal); ${name}, width ${width}, bound ${boundS.toFixed(1)} s`
		);
		record(
			'e2e.first_results_s',
			Number(firstResults.toFixed(2)),
			's',
			`≤ 5 (goal); ${name}, from the drop`
		);
		record(
			'tokens.input_per_source',
			Number((stats.promptTokens / stats.sourceTokens).toFixed(3)),
			'ratio',
			`≤ 1.20 (goal); ${name}; mock: 1 token per 4 characters; source = text of the sentences sent`
		);
		record(
			'tokens.output_json_share',
			Number((1 - stats.contentTokens / stats.outputTokens).toFixed(3)),
			'ratio',
			`≤ 0.15 (goal); ${name}; output tokens not in the sentences themselves`
		);
	} finally {
		await relay.stop();
		await mock.stop();
	}
}
