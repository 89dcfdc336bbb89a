import type { Page } from 'playwright-core';

/** Processes a PDF on the home page in mechanical mode and returns its job id. */
export async function processBook(page: Page, file: string, timeout = 60_000): Promise<string> {
	await page.getByTestId('file-input').setInputFiles(file);
	const card = page.getByTestId('job').first();
	await card.and(page.locator('[data-status="completed"]')).waitFor({ timeout });
	return page.evaluate(async () => {
		const open = indexedDB.open('french-novel-tool');
		const idb = await new Promise<IDBDatabase>((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const jobs = await new Promise<{ id: string }[]>((res) => {
			const req = idb.transaction('jobs').objectStore('jobs').getAll();
			req.onsuccess = () => res(req.result);
		});
		idb.close();
		return jobs[0].id;
	});
}
