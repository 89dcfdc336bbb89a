/** A file name for a book's export, safe on every system the reader might save it to. */

/** Longest stem we keep: leaves room for the extension within every file system's 255. */
const MAX_STEM = 120;

/**
 * The title as a file name stem: no characters Windows, macOS or Android refuse (< > : " / \
 * | ? * and control characters), no leading or trailing dots and spaces, accents kept.
 */
export function fileStem(title: string): string {
	const stem = title
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex
		.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]+/gu, ' ')
		.replace(/\s+/gu, ' ')
		.trim()
		.slice(0, MAX_STEM)
		.replace(/^[.\s]+|[.\s]+$/gu, '');
	// CON, NUL, COM1… are device names on Windows, whatever the extension.
	return !stem || /^(con|prn|aux|nul|com\d|lpt\d)$/iu.test(stem) ? `book ${stem}`.trim() : stem;
}

/** The export's file name: the title, the page range when there is one, the extension. */
export function exportFileName(
	title: string,
	extension: string,
	pages?: { from: number; to: number }
): string {
	const range = pages
		? ` p${Math.min(pages.from, pages.to)}-${Math.max(pages.from, pages.to)}`
		: '';
	return `${fileStem(title)}${range}${extension}`;
}
