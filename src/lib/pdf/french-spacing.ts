/**
 * Character and spacing normalisation of extracted French text.
 *
 * Choices (the rest of the pipeline relies on them):
 * - Unicode NFKC, so ligatures (ﬁ ﬂ ﬀ) become letters and exotic spaces become U+0020;
 *   the ellipsis "…" is kept as one character, where NFKC would make it "...".
 * - Every space is a plain U+0020, including the thin and no-break spaces French puts inside
 *   « », before ; : ! ? and between thousands. Display can add U+202F back; the word counter
 *   treats both alike, and plain spaces keep exports and regular expressions simple.
 * - One apostrophe: the typographic ’ between two letters becomes ' (l'abbé, aujourd'hui).
 * - « is followed and » preceded by one space; ; ! ? (and : before a space) are preceded by
 *   one space, as French typography wants, whatever spacing the PDF had.
 */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
const SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;
const APOSTROPHE = /(?<=[\p{L}\p{M}])[’ʼ](?=[\p{L}\p{M}])/gu;

/**
 * Normalises the characters of one line: NFKC, spaces, apostrophes. A soft hyphen at the end
 * stays (it marks a word split at the line end); anywhere else it goes.
 */
export function normalizeCharacters(line: string): string {
	const text = line
		.split('…')
		.map((part) => part.normalize('NFKC'))
		.join('…')
		.replace(ZERO_WIDTH, '')
		.replace(SPACES, ' ')
		.replace(APOSTROPHE, "'")
		.replace(/\u00AD(?!$)/gu, '');
	return text.replace(/ {2,}/gu, ' ').trim();
}

/** Characters after which no space goes before ; : ! ? (they are punctuation themselves). */
const NO_SPACE_AFTER = String.raw`\s;:!?.…«(\['’"“-`;
/** What may follow ; ! ? : so that they are taken as punctuation, not part of a URL or time. */
const PUNCT_FOLLOWER = String.raw`(?=[\s»)\]"”’'.,;:!?…]|$)`;

/** French spacing around « » ; : ! ?, then single spaces and no space around line breaks. */
export function normalizeFrenchSpacing(text: string): string {
	return text
		.replace(/« */gu, '« ')
		.replace(/ *»/gu, ' »')
		.replace(
			new RegExp(String.raw`(?<=[^${NO_SPACE_AFTER}]) *([;!?])${PUNCT_FOLLOWER}`, 'gu'),
			' $1'
		)
		.replace(new RegExp(String.raw`(?<=[^${NO_SPACE_AFTER}]) *:(?=\s|$)`, 'gu'), ' :')
		.replace(/\u00AD/gu, '')
		.replace(/ {2,}/gu, ' ')
		.replace(/ *\n */gu, '\n')
		.trim();
}
