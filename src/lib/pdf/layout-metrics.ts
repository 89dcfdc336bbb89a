import type { Line } from './line-builder.ts';

/** The typographic measures of a book's body text, taken over all its pages. */
export interface LayoutMetrics {
	/** The font size most of the text is set in. */
	bodySize: number;
	/** The usual distance between two baselines of body text. */
	lineGap: number;
}

/** Sizes closer than this fraction count as the same size. */
export const SIZE_TOLERANCE = 0.1;

/** Whether a font size is the body size, give or take rounding. */
export function isBodySize(size: number, metrics: LayoutMetrics): boolean {
	return Math.abs(size - metrics.bodySize) <= SIZE_TOLERANCE * metrics.bodySize;
}

/**
 * Measures the body size (the size carrying the most characters) and the median gap between
 * consecutive body lines. Book-wide figures are steadier than one page's: a page of dialogue
 * or a chapter opening would mislead a per-page measure.
 */
export function measureLayout(pages: readonly (readonly Line[] | null)[]): LayoutMetrics {
	// Buckets of half a unit; each remembers its exact mean size.
	const buckets = new Map<number, { chars: number; sizeSum: number }>();
	for (const lines of pages) {
		for (const line of lines ?? []) {
			const key = Math.round(line.size * 2);
			const bucket = buckets.get(key) ?? { chars: 0, sizeSum: 0 };
			bucket.chars += line.text.length;
			bucket.sizeSum += line.size * line.text.length;
			buckets.set(key, bucket);
		}
	}
	let bodySize = 10;
	let most = -1;
	for (const { chars, sizeSum } of buckets.values()) {
		if (chars > most) [bodySize, most] = [sizeSum / chars, chars];
	}
	const base: LayoutMetrics = { bodySize, lineGap: 1.2 * bodySize };
	const gaps: number[] = [];
	for (const lines of pages) {
		if (!lines) continue;
		for (let i = 1; i < lines.length; i++) {
			const [prev, cur] = [lines[i - 1], lines[i]];
			if (!isBodySize(prev.size, base) || !isBodySize(cur.size, base)) continue;
			const gap = prev.y - cur.y;
			if (gap > 0.5 * bodySize && gap < 3 * bodySize) gaps.push(gap);
		}
	}
	if (gaps.length === 0) return base;
	gaps.sort((a, b) => a - b);
	return { bodySize, lineGap: gaps[Math.floor(gaps.length / 2)] };
}
