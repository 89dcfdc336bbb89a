/**
 * The rebuilt lines of a range of pages, packed into one string and two typed arrays, so a
 * worker hands them to another by transferring two buffers instead of structured-cloning
 * tens of thousands of small objects.
 */
import type { Line } from './line-builder.ts';

/** Lines of consecutive pages; a page left out (excluded or unreadable) is `null`. */
export interface PackedLines {
	/** Every line's text, in order, joined by "\n" (a rebuilt line holds no "\n"). */
	text: string;
	/** Per line: x, right, y, size and startsWithNote (1 or 0). */
	numbers: Float64Array;
	/** Per page: its number of lines, or -1 for a page left out. */
	counts: Int32Array;
}

const FIELDS = 5;

/** Packs pages of lines. */
export function packLines(pages: readonly (readonly Line[] | null)[]): PackedLines {
	let lineCount = 0;
	for (const lines of pages) lineCount += lines?.length ?? 0;
	const numbers = new Float64Array(lineCount * FIELDS);
	const counts = new Int32Array(pages.length);
	const texts: string[] = [];
	let k = 0;
	pages.forEach((lines, i) => {
		counts[i] = lines ? lines.length : -1;
		for (const line of lines ?? []) {
			texts.push(line.text);
			numbers[k++] = line.x;
			numbers[k++] = line.right;
			numbers[k++] = line.y;
			numbers[k++] = line.size;
			numbers[k++] = line.startsWithNote ? 1 : 0;
		}
	});
	return { text: texts.join('\n'), numbers, counts };
}

/** The pages of lines that `packLines` packed. */
export function unpackLines(packed: PackedLines): (Line[] | null)[] {
	const texts = packed.text === '' ? [] : packed.text.split('\n');
	const { numbers } = packed;
	let t = 0;
	let k = 0;
	return Array.from(packed.counts, (count) => {
		if (count < 0) return null;
		const lines: Line[] = [];
		for (let j = 0; j < count; j++) {
			lines.push({
				text: texts[t++],
				x: numbers[k++],
				right: numbers[k++],
				y: numbers[k++],
				size: numbers[k++],
				startsWithNote: numbers[k++] === 1
			});
		}
		return lines;
	});
}

/** The buffers to transfer with a packed value. */
export function packedBuffers(packed: PackedLines): ArrayBuffer[] {
	return [packed.numbers.buffer as ArrayBuffer, packed.counts.buffer as ArrayBuffer];
}
