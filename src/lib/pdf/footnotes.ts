/**
 * Finds a page's footnotes: the block of lines in a smaller size than body text at the bottom
 * of a page, opened by a note number. They are editorial notes, not the author's sentences,
 * and left in place they would cut the last sentence of the page in two.
 */
import type { LayoutMetrics } from './layout-metrics.ts';
import type { Line } from './line-builder.ts';

/** Footnotes are set at most this many times the body size. */
const NOTE_SIZE = 0.92;
/** A line opening with a number or a note sign, as "1 Voir plus haut." or "* Sic." */
const NOTE_OPENING = /^(?:\d{1,3}|[*†‡]{1,3}|\(\d{1,3}\))[.)]?\s/u;

/**
 * The footnote lines of one page (running headers and footers already removed).
 * `continuesNotes` says the previous page had notes: a note carried over from it opens
 * with no number.
 */
export function findFootnotes(
	lines: readonly Line[],
	metrics: LayoutMetrics,
	continuesNotes = false
): Line[] {
	const fromBottom = [...lines].sort((a, b) => a.y - b.y);
	const block: Line[] = [];
	for (const line of fromBottom) {
		if (line.size >= NOTE_SIZE * metrics.bodySize) break;
		block.push(line);
	}
	// A page set entirely in small type is not notes.
	if (block.length === 0 || block.length === lines.length) return [];
	const first = block[block.length - 1];
	const opensWithNote = first.startsWithNote || NOTE_OPENING.test(first.text);
	return opensWithNote || continuesNotes ? block : [];
}
