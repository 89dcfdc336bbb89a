/**
 * French guillemets « » kept paired within one unit. A unit is what the learner sees on
 * its own (a sentence, or a piece of a split sentence), so a quotation cut in two must
 * be closed at the end of the first part and opened again at the start of the second.
 */

const OPEN = 0xab; // «
const CLOSE = 0xbb; // »
/** A guillemet touching its text: «Le voilà!», the Gutenberg style. */
const TIGHT = /«\S|\S»/;

/** A quotation that opens at `open` and closes at `close` (indexes of « and »). */
export interface Quotation {
	open: number;
	close: number;
}

/** The outermost quotations of `text` that close within it, in order. */
export function quotations(text: string): Quotation[] {
	const out: Quotation[] = [];
	let depth = 0;
	let open = 0;
	for (let i = text.indexOf('«'); i >= 0 && i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === OPEN) {
			if (depth === 0) open = i;
			depth++;
		} else if (code === CLOSE && depth > 0) {
			depth--;
			if (depth === 0) out.push({ open, close: i });
		}
	}
	return out;
}

/** Whether the text sets its guillemets tight («Le voilà!»), as Gutenberg does. */
export function tightGuillemets(text: string): boolean {
	return TIGHT.test(text);
}

/** How many quotations are open after `text`, given `open` were open before it. */
export function openAfter(text: string, open = 0): number {
	let depth = open;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === OPEN) depth++;
		else if (code === CLOSE && depth > 0) depth--;
	}
	return depth;
}

/** `text` with its « » paired, given `open` quotations already open where it starts. */
export function balanceGuillemets(text: string, open = 0, tight = TIGHT.test(text)): string {
	let depth = open;
	let unopened = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === OPEN) depth++;
		else if (code === CLOSE) {
			if (depth > 0) depth--;
			else unopened++;
		}
	}
	// A quotation open before the text, or a » that closes nothing in it, gets a « at its
	// start; a « left open gets a » at its end, spaced like the book's own (`tight`).
	const opening = open + unopened;
	if (opening === 0 && depth === 0) return text;
	const space = tight ? '' : ' ';
	return ('«' + space).repeat(opening) + text + (space + '»').repeat(depth);
}
