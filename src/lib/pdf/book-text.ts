/**
 * Turns the rebuilt lines of every page into the body text of every page.
 *
 * The page text contract, which the sentence segmenter relies on:
 * - body text only: page numbers, running headers and footers, and footnotes are removed;
 * - the lines of a paragraph are joined with one space, paragraphs are separated by "\n";
 * - a word split at a line end is rejoined, true compounds keep their hyphen; a word split
 *   across a page break is completed on the page where it starts;
 * - characters and French spacing are normalised as french-spacing.ts says;
 * - a page never starts or ends with whitespace; a page with no body text is "".
 *
 * It takes the whole book at once because running lines are found by repetition across
 * pages, and a word's hyphenation is judged against the rest of the book.
 */
import { buildLexicon, endsWithBreakHyphen, joinBrokenWord, joinLines } from './dehyphenate.ts';
import { findFootnotes } from './footnotes.ts';
import { normalizeCharacters, normalizeFrenchSpacing } from './french-spacing.ts';
import { measureLayout } from './layout-metrics.ts';
import type { Line } from './line-builder.ts';
import { splitParagraphs } from './paragraphs.ts';
import { findRunningLines } from './running-lines.ts';

/** The body text of each page; `null` stands for a page left out (excluded or unreadable). */
export function buildBookText(pages: readonly (readonly Line[] | null)[]): string[] {
	const normalized = pages.map((lines) =>
		lines
			? lines
					.map((line) => ({ ...line, text: normalizeCharacters(line.text) }))
					.filter((line) => line.text !== '')
			: null
	);
	const metrics = measureLayout(normalized);
	const running = findRunningLines(normalized, metrics);

	let previousHadNotes = false;
	const paragraphs: string[][][] = normalized.map((lines, i) => {
		if (!lines) return [];
		const kept = lines.filter((line) => !running[i].has(line));
		const notes = new Set(findFootnotes(kept, metrics, previousHadNotes));
		previousHadNotes = notes.size > 0;
		const body = kept.filter((line) => !notes.has(line));
		return splitParagraphs(body, metrics).map((group) => group.map((line) => line.text));
	});

	const lexicon = buildLexicon(paragraphs.flat(2));
	completeWordsSplitAcrossPages(paragraphs, lexicon);
	return paragraphs.map((page) =>
		normalizeFrenchSpacing(page.map((lines) => joinLines(lines, lexicon)).join('\n'))
	);
}

/**
 * Moves the end of a word hyphenated at the bottom of a page onto that page, so that the
 * word is whole and counted where it starts.
 */
function completeWordsSplitAcrossPages(
	pages: string[][][],
	lexicon: ReturnType<typeof buildLexicon>
): void {
	for (let i = 0; i + 1 < pages.length; i++) {
		const lastParagraph = pages[i].at(-1);
		const nextParagraph = pages[i + 1][0];
		if (!lastParagraph || !nextParagraph) continue;
		const last = lastParagraph.at(-1);
		if (last === undefined || !endsWithBreakHyphen(last)) continue;
		const [head, rest = ''] = nextParagraph[0].split(/ (.*)/su);
		lastParagraph[lastParagraph.length - 1] = joinBrokenWord(last, head, lexicon);
		if (rest) nextParagraph[0] = rest;
		else nextParagraph.shift();
		if (nextParagraph.length === 0) pages[i + 1].shift();
	}
}
