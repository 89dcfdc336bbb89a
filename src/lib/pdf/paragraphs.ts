/**
 * Groups a page's body lines into paragraphs. A new paragraph starts where the baseline
 * drops by clearly more than the usual line spacing, where the font size changes (a
 * heading), where a line starts indented from its column's left margin, or at a bullet.
 */
import type { LayoutMetrics } from './layout-metrics.ts';
import type { Line } from './line-builder.ts';

/** A drop this many times the usual line spacing separates paragraphs. */
const PARAGRAPH_GAP = 1.35;
/** An indent of more than this many font sizes opens a paragraph. */
const MIN_INDENT = 0.6;
/** A font size change larger than this fraction is a change of block. */
const SIZE_CHANGE = 0.1;
/** Line starts within this distance share a margin. */
const SAME_X = 2;
/** An x within this many body sizes right of a margin is an indent, not another column. */
const MAX_INDENT = 4;
const BULLET = /^[•◦▪▫●○‣∙]/u;

/** The page's body lines (in reading order) grouped into paragraphs. */
export function splitParagraphs(lines: readonly Line[], metrics: LayoutMetrics): Line[][] {
	const margins = findMargins(lines, metrics);
	const fallback = Math.min(...lines.map((l) => l.x));
	const marginOf = (x: number) => margins.findLast((m) => m <= x + SAME_X) ?? fallback;
	const paragraphs: Line[][] = [];
	lines.forEach((line, i) => {
		const prev = lines[i - 1];
		if (!prev || startsParagraph(prev, line, marginOf(line.x), metrics)) paragraphs.push([line]);
		else paragraphs[paragraphs.length - 1].push(line);
	});
	return paragraphs;
}

function startsParagraph(prev: Line, line: Line, margin: number, metrics: LayoutMetrics): boolean {
	const larger = Math.max(prev.size, line.size);
	if (Math.abs(prev.size - line.size) > SIZE_CHANGE * larger || BULLET.test(line.text)) return true;
	// A baseline that goes up is the top of the next column: only an indent tells.
	const drop = prev.y - line.y;
	const usualGap = (metrics.lineGap * larger) / metrics.bodySize;
	if (drop > PARAGRAPH_GAP * usualGap) return true;
	return line.x - margin > MIN_INDENT * line.size;
}

/**
 * The left margins of the page's columns: the leftmost of the line starts that several
 * lines share, leaving out those just right of another (paragraph indents).
 */
export function findMargins(lines: readonly Line[], metrics: LayoutMetrics): number[] {
	const xs = lines.map((l) => l.x).sort((a, b) => a - b);
	const clusters: { x: number; count: number }[] = [];
	for (const x of xs) {
		const last = clusters.at(-1);
		if (last && x - last.x <= SAME_X) last.count++;
		else clusters.push({ x, count: 1 });
	}
	const shared = clusters.filter((c) => c.count >= 2);
	return shared
		.filter((c) => !shared.some((o) => o.x < c.x && c.x - o.x <= MAX_INDENT * metrics.bodySize))
		.map((c) => c.x);
}
