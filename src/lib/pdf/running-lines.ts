/**
 * Finds the lines that belong to the page, not to the book: page numbers, running headers
 * and footers (title, author, chapter), and the date, URL and "2 sur 7" a browser prints.
 *
 * Only edge lines are candidates: the one or two lines at the top or the bottom of a page
 * that are set apart from the rest by a wider gap than the body's line spacing, and are not
 * larger than body text (a chapter heading is). Among them, a line is dropped when it is a
 * page number, looks like a browser print header or footer, or repeats, digits aside, at the
 * same edge of several nearby pages.
 */
import type { LayoutMetrics } from './layout-metrics.ts';
import type { Line } from './line-builder.ts';

/** An edge block is at most this many lines... */
const MAX_EDGE_LINES = 2;
/** ...set apart from the body by a gap this many times the line spacing. */
const EDGE_GAP = 1.25;
/** Running lines are set no larger than this many times the body size. */
const MAX_RUNNING_SIZE = 1.1;
/** A running line repeats on pages at most this far apart... */
const NEARBY_PAGES = 2;
/** ...for at least this share of its occurrences (chapter openings are further apart). */
const NEARBY_SHARE = 0.5;

const DECOR = String.raw`[\s\-–—−‒·•.*()[\]{}|~_<>«»]*`;
const PAGE_WORD = String.raw`(?:[Pp]age|[Pp]\.)?\s*`;
/** A page number alone, bare or decorated: "12", "– 12 –", "[12]", "Page 12", "xii". */
const PAGE_NUMBER = new RegExp(
	String.raw`^${DECOR}${PAGE_WORD}(\d{1,4}|[ivxlcdm]{1,7})${DECOR}$`,
	'u'
);
/** A page counter: "2 sur 7", "Page 3 of 10", "3/10". */
const PAGE_COUNTER = new RegExp(
	String.raw`(?:^|\s)${PAGE_WORD}\d{1,4}\s*(?:sur|of|de|/)\s*\d{1,4}(?:\s|$)`,
	'iu'
);
const URL = /(?:https?:\/\/|www\.)\S/iu;
/** A print date, "06/12/2023, 14:12" or "2023-12-06". */
const DATE = /(?:^|\s)(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})(?:[\s,]|$)/u;
const YEAR = /^\d{4}$/u;

interface EdgeLine {
	line: Line;
	page: number;
	side: 'top' | 'bottom';
}

/** The lines to drop from each page, as one set per page. */
export function findRunningLines(
	pages: readonly (readonly Line[] | null)[],
	metrics: LayoutMetrics
): Set<Line>[] {
	const drops = pages.map(() => new Set<Line>());
	const edges: EdgeLine[] = [];
	pages.forEach((lines, page) => {
		if (!lines) return;
		for (const side of ['top', 'bottom'] as const) {
			for (const line of edgeBlock(lines, side, metrics)) {
				if (line.size <= MAX_RUNNING_SIZE * metrics.bodySize) edges.push({ line, page, side });
			}
		}
	});

	const offsets = pageNumberOffsets(edges);
	const repeated = repeatedKeys(edges, pages.length);
	for (const edge of edges) {
		if (isRunning(edge, offsets, repeated)) drops[edge.page].add(edge.line);
	}
	return drops;
}

/** The lines at one edge of a page, if a wide gap sets them apart from the rest. */
export function edgeBlock(
	lines: readonly Line[],
	side: 'top' | 'bottom',
	metrics: LayoutMetrics
): Line[] {
	const sorted = [...lines].sort((a, b) => (side === 'top' ? b.y - a.y : a.y - b.y));
	for (let i = 0; i < Math.min(MAX_EDGE_LINES, sorted.length - 1); i++) {
		const gap = Math.abs(sorted[i].y - sorted[i + 1].y);
		if (gap > EDGE_GAP * metrics.lineGap) return sorted.slice(0, i + 1);
	}
	// A page holding nothing but its number has no gap to measure.
	return sorted.length === 1 && PAGE_NUMBER.test(sorted[0].text) ? sorted : [];
}

function isRunning(edge: EdgeLine, offsets: Set<number>, repeated: Set<string>): boolean {
	const { text } = edge.line;
	const number = PAGE_NUMBER.exec(text);
	if (number) {
		// "1723" alone above a paragraph is a year heading unless it follows the page numbering.
		const bare = number[0].trim() === number[1];
		return !(bare && YEAR.test(number[1]) && !offsets.has(Number(number[1]) - edge.page));
	}
	if (PAGE_COUNTER.test(text) || URL.test(text) || DATE.test(text)) return true;
	return repeated.has(keyOf(edge));
}

/** Page number minus page index, for numbers seen on more than one page. */
function pageNumberOffsets(edges: readonly EdgeLine[]): Set<number> {
	const counts = new Map<number, number>();
	for (const { line, page } of edges) {
		const match = /^\D*(\d{1,4})\D*$/u.exec(line.text);
		if (!match) continue;
		const offset = Number(match[1]) - page;
		counts.set(offset, (counts.get(offset) ?? 0) + 1);
	}
	return new Set([...counts].filter(([, n]) => n > 1).map(([offset]) => offset));
}

/** A line's identity across pages: same edge, same words, any numbers. */
function keyOf({ line, side }: EdgeLine): string {
	const words = line.text.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim();
	return `${side}:${words}`;
}

function repeatedKeys(edges: readonly EdgeLine[], pageCount: number): Set<string> {
	const pagesByKey = new Map<string, number[]>();
	for (const edge of edges) {
		const key = keyOf(edge);
		const list = pagesByKey.get(key) ?? [];
		if (list.at(-1) !== edge.page) list.push(edge.page);
		pagesByKey.set(key, list);
	}
	const minPages = pageCount <= 4 ? 2 : 3;
	const keys = new Set<string>();
	for (const [key, list] of pagesByKey) {
		if (list.length < minPages) continue;
		const near = list.filter(
			(p, i) =>
				(i > 0 && p - list[i - 1] <= NEARBY_PAGES) ||
				(i < list.length - 1 && list[i + 1] - p <= NEARBY_PAGES)
		);
		if (near.length >= NEARBY_SHARE * list.length) keys.add(key);
	}
	return keys;
}
