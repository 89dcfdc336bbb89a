/** The browser's two ways out for an export: a downloaded file, and the clipboard. */

/** Saves `blob` as a download named `name`. */
export function downloadBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	// The download has read the URL by the next task; a 20 MB export should not stay in memory.
	setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Puts the text `made` will give on the clipboard. Safari only lets a page write in the
 * click's own turn, so where ClipboardItem exists it is handed the pending text at once;
 * elsewhere the text is written when it is ready.
 */
export async function copyText(made: Promise<string>): Promise<void> {
	if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
		const blob = made.then((text) => new Blob([text], { type: 'text/plain' }));
		await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
		return;
	}
	await navigator.clipboard.writeText(await made);
}
