/**
 * `npm run fnt -- quality <book>`: runs mechanical mode on a book and counts what
 * split-quality.ts counts (dangling pieces by kind, pieces over the limit, words lost or
 * duplicated). A PDF goes through the app's extraction; a .txt or .md file is read as text,
 * so the Gutenberg and pandoc sources of the corpus can be measured too.
 */
import { readFile } from 'node:fs/promises';
import {
	DANGLING_KINDS,
	measureSplits,
	type SplitQuality
} from '../../src/lib/shared/text/split-quality.ts';
import { DEFAULT_BUDGET, mechanicalRewriter, processPages } from './process-book.ts';

/** A book's pages of text: one page for a text file, the body pages for a PDF. */
export type PageReader = (file: string) => Promise<string[]>;

/** Measures mechanical mode on `file` at `limit`; `readPdf` gives a PDF's body pages. */
export async function measureBook(
	file: string,
	limit: number,
	readPdf: PageReader
): Promise<SplitQuality> {
	const pages = /\.(?:txt|md)$/iu.test(file)
		? [textOf(await readFile(file, 'utf8'))]
		: await readPdf(file);
	const book = await processPages(pages, { limit, ...DEFAULT_BUDGET }, mechanicalRewriter(limit));
	const samples = book.rows
		.filter((row) => row.outputSource === 'mechanical')
		.map((row) => ({ source: row.source, pieces: row.output }));
	return measureSplits(samples, limit);
}

/**
 * The prose of a plain-text book: Project Gutenberg's licence cut off, pandoc's title block,
 * headings and emphasis marks dropped, hard-wrapped lines joined into paragraphs.
 */
export function textOf(raw: string): string {
	let text = raw.replace(/^\ufeff/u, '');
	const start = text.indexOf('*** START OF');
	if (start >= 0) text = text.slice(text.indexOf('\n', start) + 1);
	const end = text.indexOf('*** END OF');
	if (end >= 0) text = text.slice(0, end);
	text = text.replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)\n/mu, '');
	return text
		.split(/\n\s*\n/u)
		.map((paragraph) =>
			paragraph
				.split('\n')
				.filter((line) => !/^\s*(?:%|#|\\|:::|```)/u.test(line))
				.join(' ')
				.replace(/(?<=\p{L})- (?=\p{Ll})/gu, '')
				// pandoc's small capitals: <span style=…>[text]{.smallcaps}</span>
				.replace(/<[^>]*>|\{[.#][^}]*\}/gu, '')
				.replace(/[*_]+/gu, '')
				.replace(/\s+/gu, ' ')
				.trim()
		)
		.filter(Boolean)
		.join('\n');
}

/** The report, one figure a line. */
export function formatQuality(file: string, limit: number, q: SplitQuality): string {
	const percent = (n: number) => `${(n * 100).toFixed(2)} %`;
	const lines = [
		`${file} (limit ${limit})`,
		`  sentences split     ${q.sentences}`,
		`  pieces              ${q.pieces}`,
		`  dangling pieces     ${q.danglingPieces} (${percent(q.rate)})`,
		...DANGLING_KINDS.filter((k) => q.byKind[k] > 0).map(
			(k) => `    ${k.padEnd(18)}${q.byKind[k]}`
		),
		`  over the limit      ${q.overLimit}`,
		`  words lost          ${q.wordsLost}`,
		`  words duplicated    ${q.wordsDuplicated}`
	];
	if (q.examples.length > 0) {
		lines.push('  examples:');
		for (const e of q.examples) lines.push(`    [${e.kind}] ${e.piece} | ${e.next}`);
	}
	return lines.join('\n');
}
