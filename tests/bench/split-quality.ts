// Mechanical mode's quality on every French book at hand (issue 13): the share of pieces that
// end on a word needing what follows (split-quality.ts), at the default limit of 8 words.
// Recorded as `mechanical.dangling_rate.<book>`, with pieces over the limit and words lost
// as counts; the corpus books are measured when ../shared/corpus is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBook } from '../../server/cli/quality.ts';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { selectBodyPages } from '../../src/lib/shared/pipeline/page-selection.ts';
import { record } from './results.ts';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS = join(ROOT, '../shared/corpus/french');
const LIMIT = 8;

const BOOKS: [name: string, path: string][] = [
	['saint-simon', join(ROOT, 'tests/fixtures/saint-simon_memoires_XX__pandoc_xetex_10pt.pdf')],
	['saint-simon-source', join(ROOT, 'tests/fixtures/saint-simon_memoires_XX__source.md')],
	['bovary-excerpt', join(ROOT, 'tests/fixtures/bovary-excerpt.txt')],
	['mini-novel', join(ROOT, 'tests/fixtures/mini-novel.pdf')],
	['candide', join(CORPUS, 'voltaire_candide__ligaran_apache_fop.pdf')],
	['germinal', join(CORPUS, 'zola_germinal__elg_word_acrobat.pdf')],
	['bovary', join(CORPUS, 'flaubert_madame_bovary__gutenberg14155.txt')]
];

async function bodyPages(file: string): Promise<string[]> {
	const extraction = await createNodePdfCore().extract(new Uint8Array(readFileSync(file)));
	if (!extraction.ok) throw new Error(`${file}: ${extraction.message}`);
	return selectBodyPages(extraction).pages;
}

/** Measures every book present and records its dangling rate. */
export async function benchSplitQuality(): Promise<void> {
	if (!existsSync(CORPUS)) console.log('  ../shared/corpus/french is missing: fixtures only');
	for (const [name, path] of BOOKS) {
		if (!existsSync(path)) continue;
		const q = await measureBook(path, LIMIT, bodyPages);
		record(
			`mechanical.dangling_rate.${name}`,
			Number((q.rate * 100).toFixed(3)),
			'%',
			'≤ 0.2 % (goal)'
		);
		record(`mechanical.pieces.${name}`, q.pieces, 'count');
		record(`mechanical.over_limit.${name}`, q.overLimit, 'count', '0 (goal)');
		record(
			`mechanical.words_lost_or_duplicated.${name}`,
			q.wordsLost + q.wordsDuplicated,
			'count',
			'0 (goal)'
		);
	}
}
