/**
 * Vocabulary coverage speed: 20,000 sentences × a 5,000-word list, in Node (the CLI's path)
 * and in Chromium's worker (the app's path, timed inside the worker from the list to the three
 * answers). Goal: ≤ 2 s in the worker. The sentences are Madame Bovary's from
 * ../shared/corpus, cycled to 20,000; without the corpus, the fixture excerpt's, cycled.
 * The list is the text's 5,500 commonest lemmas less every eleventh, so that i+1 sentences
 * and missing words exist as they would for a learner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadLexiconFile } from '../../server/lexicon/lexicon-file.ts';
import { segmentSentences } from '../../src/lib/shared/text/segment.ts';
import { TextReader } from '../../src/lib/vocabulary/text-reader.ts';
import type { VocabSentence } from '../../src/lib/vocabulary/types.ts';
import { runVocabulary } from '../../src/lib/vocabulary/vocabulary-run.ts';
import { launchChromium, startStack } from '../e2e/harness.ts';
import { sampleRow, seedBook } from '../e2e/seed-book.ts';
import { record } from './results.ts';

const SENTENCES = 20_000;
const LIST = 5_000;
const CORPUS = fileURLToPath(
	new URL(
		'../../../shared/corpus/french/flaubert_madame_bovary__gutenberg14155.txt',
		import.meta.url
	)
);
const FIXTURE = fileURLToPath(new URL('../fixtures/bovary-excerpt.txt', import.meta.url));

function benchText(): { texts: string[]; source: string } {
	const fromCorpus = existsSync(CORPUS);
	if (!fromCorpus) console.log('coverage: ../shared/corpus is missing; using the fixture excerpt');
	const raw = readFileSync(fromCorpus ? CORPUS : FIXTURE, 'utf8');
	const base = segmentSentences(raw.replace(/\s+/g, ' ')).filter((s) => /\p{L}/u.test(s));
	const texts = Array.from({ length: SENTENCES }, (_, i) => base[i % base.length]);
	return { texts, source: fromCorpus ? 'Madame Bovary (corpus)' : 'fixture excerpt' };
}

function commonLemmas(texts: readonly string[]): string[] {
	const reader = new TextReader(loadLexiconFile());
	const counts = new Map<string, number>();
	for (const text of texts) {
		for (const token of reader.read(text)) {
			for (const r of token.words) if (!r.skip) counts.set(r.lemma, (counts.get(r.lemma) ?? 0) + 1);
		}
	}
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.map(([lemma]) => lemma)
		.filter((_, i) => i % 11 !== 10)
		.slice(0, LIST);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Both measures; Chromium serves FNT_BUILD_DIR or build/. */
export async function benchCoverage() {
	const { texts, source } = benchText();
	const words = commonLemmas(texts);
	const sentences: VocabSentence[] = texts.map((text, index) => ({
		book: 'bench',
		index,
		part: 0,
		page: 1 + Math.floor(index / 30),
		text
	}));
	const lexicon = loadLexiconFile();
	const times: number[] = [];
	let answer;
	for (let run = 0; run < 3; run++) {
		answer = runVocabulary(lexicon, { words, sentences });
		times.push(answer.ms);
	}
	console.log(
		`coverage (node): ${answer!.coverage.chosen.length} sentences cover ` +
			`${answer!.coverage.coveredCount}/${words.length} words; ${answer!.iPlusOne.length} i+1`
	);
	record(
		'coverage.node_ms_20k_x_5k',
		Math.round(median(times)),
		'ms',
		`${SENTENCES} sentences (${source}) × ${words.length} words, coverage + i+1 + profile, median of 3`
	);

	const browser = await launchChromium();
	const stack = await startStack({ ai: false });
	try {
		const page = await browser.newPage();
		// tsx names the functions seedBook hands the page with a __name helper the page lacks.
		await page.addInitScript('globalThis.__name = (f) => f');
		await page.goto(stack.relay.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		// The seeded book's outputs are the bench's sentences.
		const id = await seedBook(page, {
			rows: SENTENCES,
			title: 'Coverage bench',
			rowOf: (i) => ({ ...sampleRow(i), outputs: [texts[i]], source: 'unchanged' })
		});
		await page.goto(`${stack.relay.url}/vocabulary/${id}`);
		// Set in one go: Playwright's fill types into a 40 KB textarea too slowly on a loaded machine.
		await page.getByTestId('vocab-list').waitFor();
		await page.evaluate((text) => {
			const box = document.querySelector<HTMLTextAreaElement>('[data-testid=vocab-list]')!;
			box.value = text;
			box.dispatchEvent(new Event('input', { bubbles: true }));
		}, words.join('\n'));
		const workerTimes: number[] = [];
		for (let run = 0; run < 3; run++) {
			await page.getByTestId('vocab-run').click();
			const status = page.locator('[data-testid="vocab-status"][data-ms]');
			await status.waitFor({ timeout: 300_000 });
			workerTimes.push(Number(await status.getAttribute('data-ms')));
			await page.evaluate(() =>
				document.querySelector('[data-testid="vocab-status"]')?.removeAttribute('data-ms')
			);
		}
		record(
			'coverage.worker_ms_20k_x_5k',
			Math.round(median(workerTimes.slice(1))),
			'ms',
			`≤ 2000 (goal); Chromium worker, ${SENTENCES} sentences (${source}) × ${words.length} words, ` +
				`coverage + i+1 + profile, lexicon already loaded; first run ${Math.round(workerTimes[0])} ms`
		);
	} finally {
		await browser.close();
		await stack.close();
	}
}
