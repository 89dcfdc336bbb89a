/**
 * Word-level comparison of extracted text with its source, for measuring extraction quality:
 * recall is the share of source words found in order (a longest common subsequence), extra
 * is the share, relative to the source, of extracted words outside that subsequence.
 */

/** Lower-cased runs of letters and digits; apostrophes and hyphens separate words. */
export function comparableWords(text: string): string[] {
	return (
		text
			.normalize('NFKC')
			.toLowerCase()
			.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
	);
}

/**
 * Length of the longest common subsequence of two sequences, by Myers' O((N+M)·D) greedy
 * algorithm in linear space: fast when the sequences differ in few places, as here.
 */
export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	for (let d = 0; d <= max; d++) {
		for (let k = -d; k <= d; k += 2) {
			let x =
				k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
					? v[offset + k + 1]
					: v[offset + k - 1] + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) return (n + m - d) / 2;
		}
	}
	return 0;
}

export interface WordMatch {
	sourceWords: number;
	extractedWords: number;
	common: number;
	/** Share of source words found in order. */
	recall: number;
	/** Extracted words outside the common subsequence, over the source's word count. */
	extra: number;
}

/** Compares two texts word by word. */
export function compareWords(source: string, extracted: string): WordMatch {
	const ids = new Map<string, number>();
	const encode = (words: string[]) =>
		words.map((w) => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1));
	const a = encode(comparableWords(source));
	const b = encode(comparableWords(extracted));
	const common = lcsLength(a, b);
	return {
		sourceWords: a.length,
		extractedWords: b.length,
		common,
		recall: common / a.length,
		extra: (b.length - common) / a.length
	};
}
