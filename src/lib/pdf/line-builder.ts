/**
 * Rebuilds the printed lines of one page from pdf.js text items.
 *
 * pdf.js hands out text in content-stream order, which is reading order for the books we
 * care about (TeX, Word, FOP and browsers all draw a column top to bottom), so lines are
 * formed in that order: a line ends where pdf.js says `hasEOL` or where the baseline moves
 * by more than half a font size. Raised, smaller items stay on their line: digits and note
 * signs are note calls and are dropped, letters are abbreviations such as M^lle and XVII^e
 * and are glued to the word before them.
 */

/** One pdf.js text item, reduced to what line rebuilding needs. */
export interface TextPiece {
	str: string;
	/** Baseline origin in PDF user space; y grows upwards. */
	x: number;
	y: number;
	width: number;
	/** Font size in user-space units (the item's vertical scale). */
	size: number;
	hasEOL: boolean;
}

/** One rebuilt line. */
export interface Line {
	text: string;
	/** Left edge, right edge and baseline in PDF user space. */
	x: number;
	right: number;
	y: number;
	/** Font size of the line's main text. */
	size: number;
	/** The line opens with a raised note number or sign, as a footnote does. */
	startsWithNote: boolean;
}

/** The fields of a pdf.js `TextItem` that we read. */
export interface PdfJsTextItem {
	str: string;
	transform: number[];
	width: number;
	hasEOL: boolean;
}

/**
 * Converts a pdf.js text item (marked-content items, which have no `str`, are not passed in).
 * Rotated text, as on a landscape page drawn sideways, is turned back into its own frame so
 * that "same baseline" still means "same y".
 */
export function pieceFromItem(item: PdfJsTextItem): TextPiece {
	const [a, b, c, d, e, f] = item.transform;
	const size = Math.hypot(c, d);
	const angle = Math.atan2(b, a);
	if (Math.abs(angle) < 1e-3)
		return { str: item.str, x: e, y: f, width: item.width, size, hasEOL: item.hasEOL };
	const cos = Math.cos(angle);
	const sin = Math.sin(angle);
	return {
		str: item.str,
		x: e * cos + f * sin,
		y: f * cos - e * sin,
		width: item.width,
		size,
		hasEOL: item.hasEOL
	};
}

/** A baseline change beyond this fraction of the font size starts a new line. */
const SAME_LINE_TOLERANCE = 0.5;
/** A script is at most this fraction of the line's font size... */
const SCRIPT_MAX_SIZE = 0.85;
/** ...and sits at least this fraction of it above or below the baseline. */
const SCRIPT_MIN_SHIFT = 0.15;
/** A gap wider than this fraction of the font size between two items is a word space. */
const SPACE_GAP = 0.15;

const NOTE_CALL = /^[\s\d*†‡§¹²³⁰-⁹]+$/u;
const BLANK = /^\s*$/u;

/** Groups the text pieces of one page into lines, in content-stream order. */
export function buildLines(pieces: readonly TextPiece[]): Line[] {
	const lines: Line[] = [];
	let current: TextPiece[] = [];
	let breakPending = false;
	const flush = () => {
		const line = current.length > 0 ? makeLine(current) : null;
		if (line) lines.push(line);
		current = [];
		breakPending = false;
	};
	for (const piece of pieces) {
		if (piece.str === '') {
			if (piece.hasEOL) flush();
			continue;
		}
		if (current.length > 0 && (breakPending || !onSameLine(current, piece))) flush();
		current.push(piece);
		breakPending = piece.hasEOL;
	}
	flush();
	return lines;
}

function mainPiece(pieces: readonly TextPiece[]): TextPiece | undefined {
	let best: TextPiece | undefined;
	for (const p of pieces) {
		if (BLANK.test(p.str)) continue;
		if (!best || p.size > best.size) best = p;
	}
	return best;
}

function onSameLine(line: readonly TextPiece[], piece: TextPiece): boolean {
	if (BLANK.test(piece.str)) return true;
	const main = mainPiece(line);
	if (!main) return true;
	const tolerance = SAME_LINE_TOLERANCE * Math.max(main.size, piece.size);
	return Math.abs(piece.y - main.y) <= tolerance;
}

function isScript(piece: TextPiece, main: TextPiece): 'super' | 'sub' | null {
	if (piece.size > SCRIPT_MAX_SIZE * main.size) return null;
	const shift = piece.y - main.y;
	if (shift > SCRIPT_MIN_SHIFT * main.size) return 'super';
	if (shift < -SCRIPT_MIN_SHIFT * main.size) return 'sub';
	return null;
}

function makeLine(pieces: readonly TextPiece[]): Line | null {
	const main = mainPiece(pieces);
	if (!main) return null;
	let text = '';
	let prevRight = Number.NEGATIVE_INFINITY;
	let left = Number.POSITIVE_INFINITY;
	let right = Number.NEGATIVE_INFINITY;
	let startsWithNote = false;
	for (const p of pieces) {
		const script = BLANK.test(p.str) ? null : isScript(p, main);
		if (script === 'super' && NOTE_CALL.test(p.str)) {
			// A note call: drop it, but remember where it ended so spacing stays right.
			if (text.trim() === '') startsWithNote = true;
			prevRight = p.x + p.width;
			continue;
		}
		if (!BLANK.test(p.str)) {
			left = Math.min(left, p.x);
			right = Math.max(right, p.x + p.width);
		}
		const glued = script === 'super' || /\s$/u.test(text) || /^\s/u.test(p.str) || text === '';
		if (!glued && p.x - prevRight > SPACE_GAP * main.size) text += ' ';
		text += p.str;
		prevRight = p.x + p.width;
	}
	text = text.replace(/\s+/gu, ' ').trim();
	if (text === '') return null;
	return { text, x: left, right, y: main.y, size: main.size, startsWithNote };
}
