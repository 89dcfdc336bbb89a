// The JavaScript a reader's first visit downloads, per view (the budget: 100 KB gzip).
import { firstLoadScripts } from '../e2e/first-load-js.ts';
import { launchChromium, startStack } from '../e2e/harness.ts';

/** Prints the gzip size of the scripts each view loads on a first visit. */
export async function benchFirstLoad(): Promise<void> {
	const stack = await startStack({ ai: false });
	const browser = await launchChromium();
	try {
		for (const view of ['/', '/library', '/book/unknown']) {
			const { files, totalGzip } = await firstLoadScripts(browser, stack.relay.url + view);
			console.log(
				`first load ${view}: ${(totalGzip / 1024).toFixed(1)} KB gzip in ${files.length} scripts`
			);
		}
	} finally {
		await browser.close();
		await stack.close();
	}
}
