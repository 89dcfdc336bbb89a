/**
 * `npm run fnt -- cover`: the vocabulary tool from the command line. Each book is split
 * mechanically as the app would (its short sentences are what a learner studies), then the
 * same pure coverage module the app's worker runs picks the sentences.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { rowsToSentences } from '../../src/lib/vocabulary/book-sentences.ts';
import {
	coverageTable,
	iPlusOneTable,
	renderVocabExport
} from '../../src/lib/vocabulary/vocab-export.ts';
import { runVocabulary } from '../../src/lib/vocabulary/vocabulary-run.ts';
import { parseWordList } from '../../src/lib/vocabulary/word-list.ts';
import { loadLexiconFile } from '../lexicon/lexicon-file.ts';
import type { CoverCommand } from './cli-args.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_BUDGET, mechanicalRewriter, processPages } from './process-book.ts';

/** A book's body pages, as fnt.ts extracts them. */
export type ReadPages = (file: string) => Promise<string[]>;

/** Runs cover and writes its file; the summary goes to stderr. */
export async function cover(cmd: CoverCommand, readPages: ReadPages): Promise<number> {
	const listText = await readFile(cmd.words, 'utf8').catch(() => {
		throw new CliError(`${cmd.words}: the word list cannot be read.`);
	});
	const words = parseWordList(listText);
	if (words.length === 0) throw new CliError(`${cmd.words}: the word list has no words.`);
	const sentences = [];
	for (const file of cmd.files) {
		const pages = await readPages(file);
		const budget = { limit: cmd.limit, ...DEFAULT_BUDGET };
		const book = await processPages(pages, budget, mechanicalRewriter(cmd.limit));
		sentences.push(...rowsToSentences(basename(file), book.rows));
	}
	const answer = runVocabulary(loadLexiconFile(), { words, sentences });
	const table = cmd.iPlusOne ? iPlusOneTable(answer.iPlusOne) : coverageTable(answer.coverage);
	const title = cmd.files.map((f) => basename(f, '.pdf')).join(' + ');
	const content = await renderVocabExport(cmd.format, table, {
		title,
		mode: 'mechanical',
		limit: cmd.limit
	});
	const bytes = typeof content === 'string' ? content : new Uint8Array(await content.arrayBuffer());
	await writeFile(cmd.out, bytes).catch(() => {
		throw new CliError(`Could not write ${cmd.out}.`);
	});
	process.stderr.write(summary(cmd, answer) + '\n');
	return 0;
}

function summary(cmd: CoverCommand, answer: ReturnType<typeof runVocabulary>): string {
	const c = answer.coverage;
	const share = c.listSize === 0 ? 0 : (100 * c.coveredCount) / c.listSize;
	const lines = [
		cmd.iPlusOne
			? `Wrote ${answer.iPlusOne.length} i+1 sentences to ${cmd.out}.`
			: `Wrote ${c.chosen.length} sentences to ${cmd.out}: they hold ${c.coveredCount} of the ` +
				`list's ${c.listSize} words (${share.toFixed(1)} %).`
	];
	if (c.missing.length > 0) {
		lines.push(
			`No book has ${c.missing.length} words: ${c.missing.slice(0, 20).join(', ')}${c.missing.length > 20 ? ', …' : ''}`
		);
	}
	for (const p of answer.profiles) {
		const known = p.runningWords === 0 ? 0 : (100 * p.knownWords) / p.runningWords;
		const top = p.missing.slice(0, 10).map((m) => `${m.lemma} (${m.count})`);
		lines.push(
			`${p.book}: the list covers ${known.toFixed(1)} % of ${p.runningWords} running words; most frequent missing: ${top.join(', ')}`
		);
	}
	return lines.join('\n');
}
