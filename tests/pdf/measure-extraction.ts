/**
 * Extraction figures for the closing notes, not a test: pages per second in Node, the
 * Saint-Simon word match, and, when ../shared/corpus is present, the hyphenation and page
 * number leftovers in Germinal and the compounds of Candide (their editions may not be
 * copied into the repository, so they are read in place).
 *
 *   npx tsx tests/pdf/measure-extraction.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectFrontBackMatter } from '../../src/lib/shared/pipeline/front-matter.ts';
import { createNodePdfCore } from '../../src/lib/pdf/pdf-core-node.ts';
import { describeSkippedPages } from '../../src/lib/shared/pipeline/page-ranges.ts';
import { fixture, fixtureText } from './fixtures.ts';
import { stripPandocMarkdown } from './source-markdown.ts';
import { compareWords } from './word-diff.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/french/', import.meta.url));
const RUNS = 5;
const core = createNodePdfCore();

async function timedExtract(bytes: Uint8Array) {
	const times: number[] = [];
	let pages: string[] = [];
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		const result = await core.extract(bytes);
		times.push(performance.now() - start);
		if (!result.ok) throw new Error(result.message);
		pages = result.pages;
	}
	times.sort((a, b) => a - b);
	const median = times[Math.floor(RUNS / 2)];
	return { pages, median, pagesPerSecond: Math.round(pages.length / (median / 1000)) };
}

/** Words still cut at a former line end: "mar- che", or "mar-che" where "marche" exists. */
function brokenHyphens(text: string): string[] {
	const words = new Set(text.toLowerCase().match(/[\p{L}\p{M}]+/gu));
	const spaced = text.match(/\p{L}- \p{Ll}+/gu) ?? [];
	const counts = new Map<string, number>();
	for (const token of text.match(/\p{L}+-\p{L}+/gu) ?? []) {
		counts.set(token, (counts.get(token) ?? 0) + 1);
	}
	const pronoun = /-(?:je|tu|il|elle|on|nous|vous|ils|elles|ce|le|la|les|moi|toi|lui)$/iu;
	const glued = [...counts]
		.filter(([token, n]) => n === 1 && !pronoun.test(token))
		.filter(([token]) => words.has(token.replace('-', '').toLowerCase()))
		.map(([token]) => token);
	return [...spaced, ...glued];
}

/** Page numbers left at the head or foot of a page, bare or decorated ("– 20 –"). */
function pageNumberFragments(pages: string[]): string[] {
	const found: string[] = [];
	pages.forEach((text, i) => {
		const ends = [text.split(/\s+/u)[0], text.split(/\s+/u).at(-1) ?? ''];
		for (const token of ends) {
			const n = Number(token);
			if (/^\d+$/u.test(token) && Math.abs(n - (i + 1)) <= 10) found.push(`p${i + 1}:${token}`);
		}
		for (const m of text.match(/[–—-] ?\d{1,4} ?[–—-]/gu) ?? []) found.push(`p${i + 1}:${m}`);
	});
	return found;
}

/** The detected front and back matter: "1 (title); 3–4 (contents)". */
function frontMatter(pages: string[]): string {
	return describeSkippedPages(detectFrontBackMatter(pages)) || 'none';
}

const saintSimon = await timedExtract(fixture('saint-simon_memoires_XX__pandoc_xetex_10pt.pdf'));
const match = compareWords(
	stripPandocMarkdown(fixtureText('saint-simon_memoires_XX__source.md')),
	saintSimon.pages.join('\n')
);
console.log('Saint-Simon (121 pages)', {
	medianMs: Math.round(saintSimon.median),
	pagesPerSecond: saintSimon.pagesPerSecond,
	recall: match.recall.toFixed(5),
	extra: match.extra.toFixed(5),
	sourceWords: match.sourceWords,
	frontMatter: frontMatter(saintSimon.pages)
});

const germinalPath = CORPUS + 'zola_germinal__elg_word_acrobat.pdf';
if (existsSync(germinalPath)) {
	const germinal = await timedExtract(new Uint8Array(readFileSync(germinalPath)));
	const text = germinal.pages.join('\n');
	console.log('Germinal (573 pages)', {
		medianMs: Math.round(germinal.median),
		pagesPerSecond: germinal.pagesPerSecond,
		brokenHyphens: brokenHyphens(text),
		pageNumberFragments: pageNumberFragments(germinal.pages),
		frontMatter: frontMatter(germinal.pages)
	});
}

const candidePath = CORPUS + 'voltaire_candide__ligaran_apache_fop.pdf';
if (existsSync(candidePath)) {
	const candide = await timedExtract(new Uint8Array(readFileSync(candidePath)));
	const text = candide.pages.join('\n');
	const count = (re: RegExp) => text.match(re)?.length ?? 0;
	console.log('Candide (90 pages)', {
		medianMs: Math.round(candide.median),
		pagesPerSecond: candide.pagesPerSecond,
		'Thunder-ten-tronckh': count(/Thunder-ten-tronckh/gu),
		'Thunderten-tronckh (wrong)': count(/Thunderten/gu),
		"n'avez-vous": count(/n'avez-vous/gu),
		'-vous / -il / -elle inversions': count(/\p{L}-(?:vous|il|elle)\b/gu),
		'joined inversions (wrong)': count(/\p{L}(?:avez|dit)(?:vous|il)\b/gu),
		Mlle: count(/\bMlle\b/gu),
		brokenHyphens: brokenHyphens(text),
		pageNumberFragments: pageNumberFragments(candide.pages),
		emptyPages: candide.pages.flatMap((p, i) => (p === '' ? [i + 1] : [])),
		frontMatter: frontMatter(candide.pages)
	});
}
